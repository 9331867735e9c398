namespace VelesDb.PowerShell;

/// <summary>What Invoke-VelesCompaction did to one store.</summary>
public sealed class VelesCompactionResult
{
    internal VelesCompactionResult(string path, bool skipped, long bytesReclaimed, long vectorsMoved, long deadSlotsRemoved,
        double fragmentationBefore, double fragmentationAfter, TimeSpan duration)
    {
        Path = path;
        Skipped = skipped;
        BytesReclaimed = bytesReclaimed;
        VectorsMoved = vectorsMoved;
        DeadSlotsRemoved = deadSlotsRemoved;
        FragmentationBefore = fragmentationBefore;
        FragmentationAfter = fragmentationAfter;
        Duration = duration;
    }

    /// <summary>The store's directory.</summary>
    public string Path { get; }

    /// <summary>True when nothing was rewritten: the store was below -Threshold or had nothing to reclaim. (With -WhatIf, or when declined at -Confirm, no result is written at all.)</summary>
    public bool Skipped { get; }

    /// <summary>How much smaller the data file is on disk.</summary>
    public long BytesReclaimed { get; }

    /// <summary>Live vectors copied into the new data file.</summary>
    public long VectorsMoved { get; }

    /// <summary>Slots of deleted or overwritten vectors that were dropped.</summary>
    public long DeadSlotsRemoved { get; }

    /// <summary>Share of dead slots before (0 = none, 1 = all).</summary>
    public double FragmentationBefore { get; }

    /// <summary>Share of dead slots after.</summary>
    public double FragmentationAfter { get; }

    /// <summary>Wall-clock time of the compaction.</summary>
    public TimeSpan Duration { get; }
}
