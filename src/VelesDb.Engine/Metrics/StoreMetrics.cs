namespace VelesDb.Engine.Metrics;

/// <summary>The live counters and histograms behind <see cref="StorageMetricsSnapshot"/>.</summary>
internal sealed class StoreMetrics
{
    private long _stored;
    private long _deleted;
    private long _retrieved;
    private long _resizes;
    private long _bytesGrown;
    private long _checkpoints;
    private long _compactions;

    public LatencyHistogram EnsureCapacity { get; } = new();

    public LatencyHistogram Sync { get; } = new();

    public LatencyHistogram BatchWrite { get; } = new();

    public long Stored => Interlocked.Read(ref _stored);

    public long Deleted => Interlocked.Read(ref _deleted);

    public long Retrieved => Interlocked.Read(ref _retrieved);

    public long Resizes => Interlocked.Read(ref _resizes);

    public long BytesGrown => Interlocked.Read(ref _bytesGrown);

    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public long Compactions => Interlocked.Read(ref _compactions);

    public void AddStored(long count) => Interlocked.Add(ref _stored, count);

    public void AddDeleted(long count) => Interlocked.Add(ref _deleted, count);

    public void AddRetrieved() => Interlocked.Increment(ref _retrieved);

    public void AddRetrieved(long count) => Interlocked.Add(ref _retrieved, count);

    public void AddGrowth(long bytes, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _resizes);
        Interlocked.Add(ref _bytesGrown, bytes);
        EnsureCapacity.Record(elapsed);
    }

    public void AddCheckpoint() => Interlocked.Increment(ref _checkpoints);

    public void AddCompaction() => Interlocked.Increment(ref _compactions);
}
