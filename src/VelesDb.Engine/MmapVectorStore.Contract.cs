using VelesDb.Engine.Backup;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;
using VelesDb.Engine.Index;
using VelesDb.Engine.Search;
using VelesDb.Engine.Writes;

namespace VelesDb.Engine;

/// <summary>The store contract, as the embedded engine keeps it: records of either key kind with attributes, exact (filtered) search, every optional capability.</summary>
public sealed partial class MmapVectorStore : IVectorStore, ICompactingStore, IVerifyingStore, IZeroCopyStore, IBackupStore
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

    bool IVectorStore.Contains(RecordKey key) => Current.Index.Contains(key);

    IReadOnlyList<VectorRecord?> IVectorStore.Read(IReadOnlyList<RecordKey> keys, ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        var records = new VectorRecord?[keys.Count];
        using var reader = OpenReader();
        for (var i = 0; i < records.Length; i++)
        {
            records[i] = ReadRecord(reader, keys[i], options);
        }

        return records;
    }

    /// <summary>One record through <paramref name="reader"/>, as much of it as <paramref name="options"/> asks for; null when absent.</summary>
    private VectorRecord? ReadRecord(VectorReader reader, RecordKey key, ReadOptions options)
    {
        RecordMeta? meta;
        float[] vector = [];
        if (options.Vectors)
        {
            vector = new float[Dimension];
            if (!reader.TryCopy(key, vector, out meta))
            {
                return null;
            }
        }
        else if (!reader.TryGetMeta(key, out meta))
        {
            return null;
        }

        return new VectorRecord(key, vector, options.Attributes ? meta?.Attributes ?? RecordAttributes.Empty : null);
    }

    IEnumerable<VectorRecord> IVectorStore.ReadAll(ReadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ThrowIfDisposed();

        // Parsed here, not when the stream is first read: a malformed filter fails this call.
        var filter = options.Filter is { } text ? Filter.Parse(text) : null;
        return ReadAllRecords(options, filter);
    }

    private IEnumerable<VectorRecord> ReadAllRecords(ReadOptions options, Filter? filter)
    {
        // Only the keys (and which slots match) are taken at once; each record is read when the
        // caller reaches it, so a caller that stops early has read no more than it used, and no
        // mapping stays pinned while a slow consumer works.
        var index = Current.Index;
        var matching = filter is null ? null : MatchingSlots(index, filter, out _);
        foreach (var key in SortedKeys(index))
        {
            if (matching is not null && (!index.TryGetSlot(key, out var slot) || slot >= matching.Length * 64L || (matching[slot >> 6] & (1UL << (int)(slot & 63))) == 0))
            {
                continue;
            }

            VectorRecord? record;
            using (var reader = OpenReader())
            {
                // A record deleted since the snapshot is simply no longer there.
                record = ReadRecord(reader, key, options);
            }

            if (record is not null)
            {
                yield return record;
            }
        }
    }

    /// <summary>The live keys in key order: integer keys ascending, then text keys in ordinal order.</summary>
    private static List<RecordKey> SortedKeys(SlotIndex index)
    {
        var ids = index.SnapshotIds();
        Array.Sort(ids);
        var texts = index.TextEntries.Select(entry => entry.Key).ToArray();
        Array.Sort(texts, StringComparer.Ordinal);
        var keys = new List<RecordKey>(ids.Length + texts.Length);
        keys.AddRange(ids.Select(RecordKey.FromNumber));
        keys.AddRange(texts.Select(RecordKey.FromStoredText));
        return keys;
    }

    /// <summary>A bitmap of the live slots whose records <paramref name="filter"/> matches.</summary>
    private static ulong[] MatchingSlots(SlotIndex index, Filter filter, out long slots)
    {
        var bits = index.SnapshotLiveSlots(out slots);
        index.Columns.Keep(filter, bits, checked((int)slots));
        return bits;
    }

    /// <summary>
    /// The nearest records to the request's query, through the current generation's search index:
    /// among the records the filter matches and the candidates name, when given; exact either way.
    /// </summary>
    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = request.Filter is { } text ? Filter.Parse(text) : null;
        var candidates = request.Candidates;
        var metric = request.Metric ?? DistanceMetric.Cosine;
        var (hits, generation, exact, quantized) = SearchSlots(request.Query, request.K, metric, g => Candidates(g.Index, candidates, filter), request.MaxDegreeOfParallelism, request.Exact);
        var matches = new SearchMatch[hits.Count];
        for (var i = 0; i < matches.Length; i++)
        {
            matches[i] = new SearchMatch(generation.Index.KeyAt(hits[i].Slot, hits[i].Id), hits[i].Score);
        }

        // Equal scores in key order, as the integer search orders them by id.
        var sign = metric == DistanceMetric.Euclidean ? 1 : -1;
        Array.Sort(matches, (a, b) => a.Score != b.Score ? sign * a.Score.CompareTo(b.Score) : a.Key.CompareTo(b.Key));
        return new SearchResults(matches, metric, exact) { Quantized = quantized };
    }

    /// <summary>Narrows a search to the slots of <paramref name="keys"/> (when given) whose records <paramref name="filter"/> matches (when given).</summary>
    private static SlotRestriction? Candidates(SlotIndex index, IReadOnlySet<RecordKey>? keys, Filter? filter)
    {
        if (keys is null && filter is null)
        {
            return null;
        }

        return (bits, slots) =>
        {
            if (keys is not null)
            {
                var allowed = new ulong[bits.Length];
                foreach (var key in keys)
                {
                    if (index.TryGetSlot(key, out var slot) && slot < slots)
                    {
                        allowed[slot >> 6] |= 1UL << (int)(slot & 63);
                    }
                }

                for (var i = 0; i < bits.Length; i++)
                {
                    bits[i] &= allowed[i];
                }
            }

            if (filter is not null)
            {
                index.Columns.Keep(filter, bits, checked((int)slots));
            }
        };
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
            KeyBytes = snapshot.KeyBytes,
            AttributeBytes = snapshot.AttributeBytes,
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
                new("Quantization", snapshot.Quantization.ToString()),
                new("QuantizedFileBytes", snapshot.QuantizedFileBytes),
                new("QuantizedSearchCount", snapshot.QuantizedSearchCount),
                new("QuantizedCandidateCount", snapshot.QuantizedCandidateCount),
                new("EnsureCapacityLatency", snapshot.EnsureCapacityLatency),
                new("SyncLatency", snapshot.SyncLatency),
            ],
        };
    }

    /// <summary>Throws for a record the store would refuse, naming it: wrong dimension, or NaN or infinity (unless allowed).</summary>
    internal void ValidateRecord(RecordKey key, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw new DimensionMismatchException(Dimension, vector.Length, key.ToString());
        }

        if (_options.AllowNonFiniteValues)
        {
            return;
        }

        var bad = IndexOfNonFinite(vector);
        if (bad >= 0)
        {
            throw new InvalidVectorException($"Vector {key} cannot be used: component {bad} is {vector[bad]}; NaN and infinity are rejected.", key.IsText ? null : key.Number);
        }
    }

    /// <summary>
    /// Writes a consistent snapshot of the store into the new folder <paramref name="destination"/>,
    /// while writers go on: the write lock is held only to take the snapshot (a copy of the live-slot
    /// bitmap and a reference on the mapping), never while slots are copied. Every write acknowledged
    /// before that moment is in the backup, none after. The backup is a store of its own, compacted
    /// (live records only), synced, and opened and verified before the folder takes its name.
    /// </summary>
    /// <exception cref="StoreExistsException">Something already exists at <paramref name="destination"/>.</exception>
    /// <exception cref="StoreCorruptedException">A slot does not match its checksum; no destination is made.</exception>
    public BackupResult Backup(string destination, IProgress<double>? progress = null) =>
        StoreBackup.Run(this, _fileSystem, destination, progress, AfterBackupSnapshot);

    /// <summary>A test hook, run by a backup once its snapshot is taken and the write lock released, before any slot is copied.</summary>
    internal Action? AfterBackupSnapshot { get; set; }

    /// <summary>The current generation as of this moment, for a backup: taken under the write lock, so no batch is half in it.</summary>
    internal BackupSnapshot PinForBackup()
    {
        lock (_writeLock)
        {
            // Under the lock the generation cannot change and every slot the index names is inside its current mapping.
            var (generation, region) = Pin();
            var bits = generation.Index.SnapshotLiveSlots(out var slots);
            return new BackupSnapshot(generation, region, bits, slots);
        }
    }
}
