// A minimal second backend for the store contract, compiled by Contract.Tests.ps1 against the
// built engine: it keeps records in a dictionary, offers none of the optional capabilities, and
// claims the mem:// scheme. It exists to prove that the cmdlets reach stores only through the
// contract and that a missing capability is reported as such; it is not a product backend.
// It keeps text keys and attributes and filters them with the engine's filter language, so every
// record behaviour of the cmdlets is tested on two backends.
#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Tests.MemoryBackend;

public sealed class MemoryProvider : IStoreProvider
{
    private readonly Dictionary<string, MemoryStore> _stores = new();

    public string Name => "Memory";

    public bool TryLocate(string location, out StoreLocator locator)
    {
        var claimed = location.StartsWith("mem://", StringComparison.OrdinalIgnoreCase);
        locator = claimed ? new StoreLocator(Name, location.ToLowerInvariant()) : null!;
        return claimed;
    }

    public IVectorStore Create(StoreLocator locator, StoreCreateOptions options)
    {
        if (_stores.TryGetValue(locator.Canonical, out var existing) && existing.Exists)
        {
            throw new StoreExistsException(locator.Canonical, "a memory store is there already.");
        }

        var store = new MemoryStore(locator, options.Dimension, options.Durability);
        _stores[locator.Canonical] = store;
        return store;
    }

    public IVectorStore Open(StoreLocator locator, StoreOpenOptions options) =>
        _stores.TryGetValue(locator.Canonical, out var store) ? store.Reopen() : throw new StoreNotFoundException(locator.Canonical, "no memory store of that name was created in this process.");
}

public sealed class MemoryStore(StoreLocator locator, int dimension, Durability durability) : IVectorStore
{
    private readonly SortedDictionary<RecordKey, (float[] Vector, RecordAttributes Attributes)> _records = new();
    private long _stored;
    private long _deleted;

    public bool Exists { get; private set; } = true;

    public StoreLocator Locator => locator;
    public string Backend => "Memory";
    public int Dimension => dimension;
    public long Count => _records.Count;
    public Durability Durability => durability;
    public DistanceMetric? Metric => null;
    public bool IsOpen { get; private set; } = true;

    public MemoryStore Reopen()
    {
        IsOpen = true;
        return this;
    }

    public IStoreWriter BeginWrite(WriteScopeOptions? options = null) => new Writer(this, options ?? new WriteScopeOptions());

    public bool Contains(RecordKey key) => _records.ContainsKey(key);

    public IReadOnlyList<VectorRecord?> Read(IReadOnlyList<RecordKey> keys, ReadOptions options) =>
        keys.Select(k => _records.TryGetValue(k, out var r) ? Copy(k, r, options) : null).ToArray();

    public IEnumerable<VectorRecord> ReadAll(ReadOptions options)
    {
        // Parsed here, so a malformed filter throws from this call, before anything is read.
        var matches = MatcherFor(options.Filter);
        return _records.Where(r => matches(r.Value.Attributes)).Select(r => Copy(r.Key, r.Value, options)).ToArray();
    }

    private static VectorRecord Copy(RecordKey key, (float[] Vector, RecordAttributes Attributes) record, ReadOptions options) =>
        new(key, options.Vectors ? (float[])record.Vector.Clone() : [], options.Attributes ? record.Attributes : null);

    /// <summary>Whether a record's attributes pass <paramref name="filter"/>, in the engine's filter language; parsing throws <see cref="InvalidFilterException"/>.</summary>
    private static Func<RecordAttributes, bool> MatcherFor(string? filter)
    {
        if (filter is null)
        {
            return _ => true;
        }

        var parsed = Filter.Parse(filter);
        return parsed.Matches;
    }

    public SearchResults Search(SearchRequest request)
    {
        var matches = MatcherFor(request.Filter);
        var scored = _records
            .Where(r => request.Candidates is null || request.Candidates.Contains(r.Key))
            .Where(r => matches(r.Value.Attributes))
            .Select(r => new SearchMatch(r.Key, Distance(request.Query, r.Value.Vector)))
            .OrderBy(m => m.Score).ThenBy(m => m.Key)
            .Take(request.K)
            .ToArray();
        return new SearchResults(scored, DistanceMetric.Euclidean, Exact: true);
    }

    public StoreMetricsReport GetMetrics() => new()
    {
        Locator = locator,
        Backend = Backend,
        Dimension = dimension,
        Count = Count,
        Durability = durability,
        StoredCount = _stored,
        DeletedCount = _deleted,
        RetrievedCount = 0,
        BatchWriteLatency = LatencySummary.Empty,
        KeyBytes = _records.Keys.Where(k => k.IsText).Sum(k => (long)k.TextUtf8().Length),
        AttributeBytes = _records.Values.Sum(r => r.Attributes.IsEmpty ? 0L : r.Attributes.Utf8.Length),
        Details = [new("Process", Environment.ProcessId)],
    };

    public void Dispose() => IsOpen = false;

    private static float Distance(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return MathF.Sqrt(sum);
    }

    private sealed class Writer(MemoryStore store, WriteScopeOptions options) : IStoreWriter
    {
        private readonly List<VectorRecord> _stored = new();

        public long StoredCount { get; private set; }
        public long RemovedCount { get; private set; }

        public void Add(RecordKey key, ReadOnlySpan<float> vector, RecordAttributes? attributes)
        {
            if (vector.Length != store.Dimension)
            {
                throw new DimensionMismatchException(store.Dimension, vector.Length, key.ToString());
            }

            store._records[key] = (vector.ToArray(), attributes ?? RecordAttributes.Empty);
            store._stored++;
            StoredCount++;
            if (options.ReportStored)
            {
                _stored.Add(new VectorRecord(key, vector.ToArray(), attributes ?? RecordAttributes.Empty));
            }
        }

        public bool SetAttributes(RecordKey key, RecordAttributes attributes)
        {
            if (!store._records.TryGetValue(key, out var record))
            {
                return false;
            }

            store._records[key] = (record.Vector, attributes);
            return true;
        }

        public void Remove(RecordKey key)
        {
            if (store._records.Remove(key))
            {
                store._deleted++;
                RemovedCount++;
            }
        }

        public void Commit()
        {
        }

        public IReadOnlyList<VectorRecord> TakeStored()
        {
            var taken = _stored.ToArray();
            _stored.Clear();
            return taken;
        }

        public void Dispose()
        {
        }
    }
}
