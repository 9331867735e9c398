namespace VelesDb.Engine;

/// <summary>What a compaction did.</summary>
/// <param name="BytesReclaimed">How much smaller the data file is on disk.</param>
/// <param name="VectorsMoved">Live vectors copied into the new file.</param>
/// <param name="DeadSlotsRemoved">Slots of deleted or overwritten vectors that were dropped.</param>
/// <param name="Duration">Wall-clock time of the compaction.</param>
public sealed record CompactionResult(long BytesReclaimed, long VectorsMoved, long DeadSlotsRemoved, TimeSpan Duration)
{
    /// <summary>True when there was nothing to reclaim and no file was rewritten.</summary>
    public bool Skipped => VectorsMoved == 0 && DeadSlotsRemoved == 0;
}
