using VelesDb.Engine.Contract;
using VelesDb.Engine.Writes;

namespace VelesDb.Engine;

/// <summary>The store contract, as the embedded engine keeps it: integer keys, exact search, every optional capability.</summary>
public sealed partial class MmapVectorStore : IVectorStore, ICompactingStore, IVerifyingStore, IZeroCopyStore
{
    /// <summary>The backend's name in locators, metrics and messages.</summary>
    public const string BackendName = "Mmap";

    /// <summary>Where the store lives: its full directory path.</summary>
    public StoreLocator Locator => new(BackendName, Directory);

    string IVectorStore.Backend => BackendName;

    DistanceMetric? IVectorStore.Metric => null;

    bool IVectorStore.IsOpen => !_disposed;

    /// <summary>
    /// Starts a write scope: records and deletes are written in batches, and all of them are durable
    /// (as <see cref="Durability"/> says) once it is committed or disposed, with one sync for the
    /// whole scope in Full durability.
    /// </summary>
    public IStoreWriter BeginWrite(WriteScopeOptions? options = null) => new MmapWriteScope(this, options);

    bool IVectorStore.Contains(RecordKey key) => Contains(IntegerIdOf(key));

    IReadOnlyList<VectorRecord?> IVectorStore.Read(IReadOnlyList<RecordKey> keys, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        var records = new VectorRecord?[keys.Count];
        using var reader = OpenReader();
        for (var i = 0; i < records.Length; i++)
        {
            var vector = new float[Dimension];
            records[i] = reader.TryCopy(IntegerIdOf(keys[i]), vector) ? new VectorRecord(keys[i], options.Vectors ? vector : [], options.Attributes ? RecordAttributes.Empty : null) : null;
        }

        return records;
    }

    IEnumerable<VectorRecord> IVectorStore.ReadAll(ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Filter is not null)
        {
            throw new CapabilityNotSupportedException(BackendName, Directory, "filter expressions");
        }

        return ReadAllRecords(options);
    }

    private IEnumerable<VectorRecord> ReadAllRecords(ReadOptions options)
    {
        // Only the ids are taken at once; each vector is read when the caller reaches it, so a
        // caller that stops early has read no more than it used, and no mapping stays pinned
        // while a slow consumer works.
        var ids = Ids().ToArray();
        Array.Sort(ids);
        foreach (var id in ids)
        {
            // A record deleted since the snapshot is simply no longer there.
            if (Retrieve(id) is { } vector)
            {
                yield return new VectorRecord(id, options.Vectors ? vector : [], options.Attributes ? RecordAttributes.Empty : null);
            }
        }
    }

    /// <summary>The nearest records to the request's query, through the current generation's search index.</summary>
    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Filter is not null)
        {
            throw new CapabilityNotSupportedException(BackendName, Directory, "filter expressions", "Pass candidate ids instead.");
        }

        HashSet<ulong>? candidates = null;
        if (request.Candidates is { } keys)
        {
            candidates = new HashSet<ulong>(keys.Count);
            foreach (var key in keys)
            {
                candidates.Add(IntegerIdOf(key));
            }
        }

        var metric = request.Metric ?? DistanceMetric.Cosine;
        var hits = Search(request.Query, request.K, metric, candidates, request.MaxDegreeOfParallelism, out var exact);
        var matches = new SearchMatch[hits.Count];
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = new SearchMatch(hits[i].Id, hits[i].Score);
        }

        return new SearchResults(matches, metric, exact);
    }

    StoreMetricsReport IVectorStore.GetMetrics()
    {
        var snapshot = GetMetrics();
        return new StoreMetricsReport
        {
            Locator = Locator,
            Backend = BackendName,
            Dimension = Dimension,
            Count = snapshot.VectorCount,
            Durability = Durability,
            StoredCount = snapshot.StoredCount,
            DeletedCount = snapshot.DeletedCount,
            RetrievedCount = snapshot.RetrievedCount,
            BatchWriteLatency = snapshot.BatchWriteLatency,
            Details =
            [
                new("DataFileBytes", snapshot.DataFileBytes),
                new("LiveBytes", snapshot.LiveBytes),
                new("WalBytes", snapshot.WalBytes),
                new("IndexFileBytes", snapshot.IndexFileBytes),
                new("FragmentationRatio", snapshot.FragmentationRatio),
                new("ResizeCount", snapshot.ResizeCount),
                new("BytesGrown", snapshot.BytesGrown),
                new("CheckpointCount", snapshot.CheckpointCount),
                new("CompactionCount", snapshot.CompactionCount),
                new("EnsureCapacityLatency", snapshot.EnsureCapacityLatency),
                new("SyncLatency", snapshot.SyncLatency),
            ],
        };
    }

    /// <summary>The integer id of a key; this backend keeps no text keys.</summary>
    internal ulong IntegerIdOf(RecordKey key) =>
        key.IsText ? throw new CapabilityNotSupportedException(BackendName, Directory, $"text keys such as '{key.Text}'", "Use unsigned integer ids.") : key.Number;

    /// <summary>Throws for a record the store would refuse, naming it: wrong dimension, or NaN or infinity (unless allowed).</summary>
    internal void ValidateRecord(ulong id, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new DimensionMismatchException(Dimension, vector.Length, id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_options.AllowNonFiniteValues)
        {
            return;
        }

        var bad = IndexOfNonFinite(vector);
        if (bad >= 0)
        {
            throw new InvalidVectorException($"Vector {id} cannot be used: component {bad} is {vector[bad]}; NaN and infinity are rejected.", id);
        }
    }
}
