using VelesDb.Engine.Index;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine;

/// <summary>
/// One data file and the index into it. Readers take the current generation once and use its
/// index and its mapping together, so a compaction that publishes a new generation can never
/// pair an old slot number with a new file.
/// </summary>
internal sealed record Generation(long Number, DataFile Data, SlotIndex Index);
