using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Verification;

/// <summary>A damaged record and the slot the index gave it when it was found: a repair drops the record only while it still has that slot.</summary>
internal readonly record struct DamagedSlot(RecordKey Key, long Slot);
