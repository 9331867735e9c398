namespace VelesDb.Engine;

/// <summary>A point-in-time copy of a store's counters, sizes and latencies.</summary>
public sealed record StorageMetricsSnapshot
{
    /// <summary>Vectors currently stored.</summary>
    public required long VectorCount { get; init; }

    /// <summary>Vector dimension.</summary>
    public required int Dimension { get; init; }

    /// <summary>Vectors written (inserts and overwrites) since open.</summary>
    public required long StoredCount { get; init; }

    /// <summary>Vectors deleted since open.</summary>
    public required long DeletedCount { get; init; }

    /// <summary>Copying reads since open.</summary>
    public required long RetrievedCount { get; init; }

    /// <summary>Bytes of the data file on disk, growth headroom included.</summary>
    public required long DataFileBytes { get; init; }

    /// <summary>Bytes of the write-ahead log.</summary>
    public required long WalBytes { get; init; }

    /// <summary>Bytes of the last index checkpoint.</summary>
    public required long IndexFileBytes { get; init; }

    /// <summary>Bytes of live vectors (their slots).</summary>
    public required long LiveBytes { get; init; }

    /// <summary>Share of used slots that are dead (deleted or overwritten): 0 = none, 1 = all.</summary>
    public required double FragmentationRatio { get; init; }

    /// <summary>How often the data file grew since open.</summary>
    public required long ResizeCount { get; init; }

    /// <summary>Bytes the data file grew by since open.</summary>
    public required long BytesGrown { get; init; }

    /// <summary>Index checkpoints written since open.</summary>
    public required long CheckpointCount { get; init; }

    /// <summary>Compactions run since open.</summary>
    public required long CompactionCount { get; init; }

    /// <summary>Time spent growing the data file, per growth (calls that found room are not counted).</summary>
    public required LatencySummary EnsureCapacityLatency { get; init; }

    /// <summary>Time spent making writes durable (fdatasync/FlushFileBuffers), per sync.</summary>
    public required LatencySummary SyncLatency { get; init; }

    /// <summary>Time per write call (Store, StoreBatch, Delete), from validation to acknowledgement.</summary>
    public required LatencySummary BatchWriteLatency { get; init; }

    /// <summary>UTF-8 bytes of the live records' text keys.</summary>
    public long KeyBytes { get; init; }

    /// <summary>Compact JSON bytes of the live records' attributes.</summary>
    public long AttributeBytes { get; init; }

    /// <summary>The store's quantization setting: with Int8, searches scan an int8 copy of the vectors first.</summary>
    public Contract.StoreQuantization Quantization { get; init; }

    /// <summary>Bytes of the current int8 copy's file (derived data; 0 without quantization or before it is first built).</summary>
    public long QuantizedFileBytes { get; init; }

    /// <summary>Searches since open that the int8 copy narrowed.</summary>
    public long QuantizedSearchCount { get; init; }

    /// <summary>Records those searches scored from their f32 vectors, the int8 bounds having ruled out the rest.</summary>
    public long QuantizedCandidateCount { get; init; }
}
