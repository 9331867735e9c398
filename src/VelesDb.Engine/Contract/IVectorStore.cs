namespace VelesDb.Engine.Contract;

/// <summary>
/// A store as every backend offers it: records of a fixed dimension, written in batches through a
/// write scope, read by key, streamed, searched, and measured. What only some backends can do is
/// in separate interfaces (<see cref="ICompactingStore"/>, <see cref="IVerifyingStore"/>,
/// <see cref="IZeroCopyStore"/>) that callers test for. Reads may run on many threads at once.
/// </summary>
public interface IVectorStore : IDisposable
{
    /// <summary>Where the store lives, in canonical form.</summary>
    StoreLocator Locator { get; }

    /// <summary>The backend's name, for messages and metrics (for example "Mmap").</summary>
    string Backend { get; }

    /// <summary>Components per vector.</summary>
    int Dimension { get; }

    /// <summary>Records stored now.</summary>
    long Count { get; }

    /// <summary>What a write has survived when its write scope commits.</summary>
    Durability Durability { get; }

    /// <summary>The one metric this store searches with, when it is fixed; null when each search may choose.</summary>
    DistanceMetric? Metric { get; }

    /// <summary>False once the store is closed.</summary>
    bool IsOpen { get; }

    /// <summary>
    /// Starts a write scope: records and deletes queued into it are written in batches, and
    /// everything is durable (as <see cref="Durability"/> says) once it is committed or disposed.
    /// </summary>
    IStoreWriter BeginWrite(WriteScopeOptions? options = null);

    /// <summary>True when a record with this key is stored.</summary>
    bool Contains(RecordKey key);

    /// <summary>The records for <paramref name="keys"/>, in the same order; null where a key is absent.</summary>
    IReadOnlyList<VectorRecord?> Read(IReadOnlyList<RecordKey> keys) => Read(keys, ReadOptions.Default);

    /// <summary>As <see cref="Read(IReadOnlyList{RecordKey})"/>, with what to read of each record (<see cref="ReadOptions.Filter"/> does not apply).</summary>
    IReadOnlyList<VectorRecord?> Read(IReadOnlyList<RecordKey> keys, ReadOptions options);

    /// <summary>Every record, in key order, streamed: a record deleted while the stream runs may or may not appear.</summary>
    IEnumerable<VectorRecord> ReadAll() => ReadAll(ReadOptions.Default);

    /// <summary>
    /// As <see cref="ReadAll()"/>, with what to read of each record and, with a filter, only the
    /// records it matches. A filter that does not parse throws <see cref="InvalidFilterException"/>
    /// from this call, before anything is read.
    /// </summary>
    IEnumerable<VectorRecord> ReadAll(ReadOptions options);

    /// <summary>The nearest records to a query.</summary>
    SearchResults Search(SearchRequest request);

    /// <summary>Counts, sizes and latencies, common and backend-specific.</summary>
    StoreMetricsReport GetMetrics();
}
