using VelesDb.Engine;

namespace VelesDb.PowerShell;

/// <summary>A point-in-time picture of one store: counts, sizes, fragmentation and latencies.</summary>
public sealed class VelesMetrics
{
    internal VelesMetrics(string path, Durability durability, StorageMetricsSnapshot snapshot)
    {
        Path = path;
        Durability = durability;
        Dimension = snapshot.Dimension;
        VectorCount = snapshot.VectorCount;
        StoredCount = snapshot.StoredCount;
        DeletedCount = snapshot.DeletedCount;
        RetrievedCount = snapshot.RetrievedCount;
        DataFileBytes = snapshot.DataFileBytes;
        LiveBytes = snapshot.LiveBytes;
        WalBytes = snapshot.WalBytes;
        IndexFileBytes = snapshot.IndexFileBytes;
        FragmentationRatio = snapshot.FragmentationRatio;
        ResizeCount = snapshot.ResizeCount;
        BytesGrown = snapshot.BytesGrown;
        CheckpointCount = snapshot.CheckpointCount;
        CompactionCount = snapshot.CompactionCount;
        EnsureCapacityLatency = new VelesLatency(snapshot.EnsureCapacityLatency);
        SyncLatency = new VelesLatency(snapshot.SyncLatency);
        BatchWriteLatency = new VelesLatency(snapshot.BatchWriteLatency);
    }

    /// <summary>The store's directory.</summary>
    public string Path { get; }

    /// <summary>The durability the store is open with.</summary>
    public Durability Durability { get; }

    /// <summary>Components per vector.</summary>
    public int Dimension { get; }

    /// <summary>Vectors stored now.</summary>
    public long VectorCount { get; }

    /// <summary>Vectors written (inserts and overwrites) since the store was opened.</summary>
    public long StoredCount { get; }

    /// <summary>Vectors deleted since the store was opened.</summary>
    public long DeletedCount { get; }

    /// <summary>Copying reads since the store was opened.</summary>
    public long RetrievedCount { get; }

    /// <summary>Bytes of the data file on disk, growth headroom included.</summary>
    public long DataFileBytes { get; }

    /// <summary>Bytes of the slots of live vectors.</summary>
    public long LiveBytes { get; }

    /// <summary>Bytes of the write-ahead log.</summary>
    public long WalBytes { get; }

    /// <summary>Bytes of the last index checkpoint.</summary>
    public long IndexFileBytes { get; }

    /// <summary>Share of used slots that are dead (deleted or overwritten): 0 = none, 1 = all.</summary>
    public double FragmentationRatio { get; }

    /// <summary>How often the data file grew since the store was opened.</summary>
    public long ResizeCount { get; }

    /// <summary>Bytes the data file grew by since the store was opened.</summary>
    public long BytesGrown { get; }

    /// <summary>Index checkpoints written since the store was opened.</summary>
    public long CheckpointCount { get; }

    /// <summary>Compactions run since the store was opened.</summary>
    public long CompactionCount { get; }

    /// <summary>Time spent growing the data file, per growth.</summary>
    public VelesLatency EnsureCapacityLatency { get; }

    /// <summary>Time spent making writes durable, per sync.</summary>
    public VelesLatency SyncLatency { get; }

    /// <summary>Time per write call (a batch of Add-VelesVector or Remove-VelesVector).</summary>
    public VelesLatency BatchWriteLatency { get; }
}
