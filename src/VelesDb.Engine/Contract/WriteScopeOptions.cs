namespace VelesDb.Engine.Contract;

/// <summary>How a write scope batches.</summary>
public sealed record WriteScopeOptions
{
    /// <summary>Records per batch; 0 lets the store choose (about 4 MiB of components, at least 1,000).</summary>
    public int BatchSize { get; init; }

    /// <summary>Makes each batch durable before it is reported by <see cref="IStoreWriter.TakeStored"/>, instead of once at commit.</summary>
    public bool SyncEachBatch { get; init; }

    /// <summary>Keeps the stored records for <see cref="IStoreWriter.TakeStored"/>.</summary>
    public bool ReportStored { get; init; }
}
