namespace VelesDb.Engine.Search;

/// <summary>One hit of a scan: the id its slot holds, the slot (to name the record's key), and its score.</summary>
internal readonly record struct ScoredSlot(ulong Id, long Slot, float Score);
