using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using VelesDb.Engine.Compaction;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.IO;
using VelesDb.Engine.Mapping;
using VelesDb.Engine.Metrics;
using VelesDb.Engine.Search;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine;

/// <summary>
/// A durable, memory-mapped store of fixed-dimension float32 vectors keyed by <see cref="ulong"/> ids;
/// through the store contract (<see cref="Contract.IVectorStore"/>) also records with text keys and
/// attributes, which the methods taking a <see cref="ulong"/> do not see. Writes are serialised; reads are lock-free and run alongside writes, growth and compaction.
/// One process at a time: the directory is locked while the store is open.
/// </summary>
public sealed partial class MmapVectorStore : IDisposable
{
    /// <summary>The largest dimension a store accepts.</summary>
    public const int MaxDimension = 65_536;

    /// <summary>Batches up to this many slot bytes travel inside their log record (one sync instead of two).</summary>
    private const int InlineSlotBytesLimit = 64 * 1024;

    /// <summary>Delete batches up to this size are filtered to the ids present before they are logged.</summary>
    private const int PresenceCheckLimit = 64;

    private readonly Lock _writeLock = new();
    private readonly StorePaths _paths;
    private readonly VectorStoreOptions _options;
    private readonly IStoreFileSystem _fileSystem;
    private readonly IDisposable _lock;
    private readonly WriteAheadLog _wal;
    private readonly StoreMetrics _metrics = new();
    private readonly SyncWorker _syncWorker = new();

    /// <summary>True when a write since the last sync of both files skipped its sync.</summary>
    private bool _unsyncedWrites;

    /// <summary>
    /// True when such a write put slots in the data file that its log record does not carry: only
    /// then must a sync cover the data file too. Small batches carry their slots in the log, and
    /// deletes have none, so replay rebuilds them from the log alone.
    /// </summary>
    private bool _unsyncedSlots;
    private Generation _generation;
    private long _sequence;
    private Exception? _failure;

    /// <summary>Deletions of data files that compactions replaced; close waits for them.</summary>
    private Task _replacedFileDeletions = Task.CompletedTask;
    private volatile bool _disposed;

    private MmapVectorStore(StorePaths paths, VectorStoreOptions options, IDisposable storeLock, WriteAheadLog wal, Generation generation, long sequence)
    {
        _paths = paths;
        _options = options;
        _fileSystem = options.FileSystem;
        _lock = storeLock;
        _wal = wal;
        _generation = generation;
        _sequence = sequence;
        Dimension = generation.Data.Layout.Dimension;
    }

    /// <summary>The store's directory, as a full path.</summary>
    public string Directory => _paths.Directory;

    /// <summary>Components per vector.</summary>
    public int Dimension { get; }

    /// <summary>The durability the store was opened with.</summary>
    public Durability Durability => _options.Durability;

    /// <summary>Records currently stored, of either key kind.</summary>
    public long Count => Current.Index.Count;

    /// <summary>True once <see cref="Dispose"/> has run.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Share of used slots that hold deleted or overwritten vectors (0 = none). Compact when it is high.</summary>
    public double FragmentationRatio
    {
        get
        {
            var index = Current.Index;
            var used = index.HighWater;
            return used == 0 ? 0.0 : Math.Max(0.0, 1.0 - ((double)index.Count / used));
        }
    }

    private Generation Current => Volatile.Read(ref _generation);

    /// <summary>
    /// The current generation with a reference on its mapping, which the caller releases. Retries
    /// when a compaction retires the mapping between the two reads.
    /// </summary>
    internal (Generation Generation, MappedRegion Region) Pin()
    {
        while (true)
        {
            ThrowIfDisposed();
            var generation = Current;
            if (generation.Data.AcquireRegion() is { } region)
            {
                AfterPin?.Invoke();
                return (generation, region);
            }

            // A mapping is retired only after a compaction has published the next generation, or
            // once the store is marked closed: either way the next round moves on. Neither having
            // happened means the store's own reference was released by mistake; retrying would spin.
            if (ReferenceEquals(generation, Current) && !_disposed)
            {
                throw new InvalidOperationException($"The store at '{Directory}' has lost its mapping of '{generation.Data.Path}' (a mapping was released more often than it was taken); close it and open it again.");
            }
        }
    }

    /// <summary>
    /// A test hook, run by <see cref="Pin"/> once it holds the mapping and before its caller reads
    /// the index: lets a test make a write land exactly there, a window otherwise a few instructions wide.
    /// </summary>
    internal Action? AfterPin { get; set; }

    private SlotLayout Layout => Current.Data.Layout;

    /// <summary>
    /// The position of the first NaN or infinite component of <paramref name="vector"/>, or -1 when
    /// every component is finite: the check a store makes (unless told to allow them), for callers
    /// that want to reject one bad vector before it fails a whole batch.
    /// </summary>
    public static int IndexOfNonFinite(ReadOnlySpan<float> vector) => Kernels.IndexOfNonFinite(vector);

    /// <summary>Inserts or overwrites one vector.</summary>
    public void Store(ulong id, ReadOnlySpan<float> vector) => StoreBatch([id], vector);

    /// <summary>
    /// Inserts or overwrites a batch atomically: after a crash either all of it is there or none.
    /// <paramref name="vectors"/> holds <c>ids.Length × Dimension</c> floats, row-major. When an
    /// id repeats within the batch, its last vector wins. Costs one sync per call in
    /// <see cref="Durability.Full"/>.
    /// </summary>
    public void StoreBatch(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors) => StoreBatch(ids, vectors, Durability);

    /// <summary>
    /// As <see cref="StoreBatch(ReadOnlySpan{ulong}, ReadOnlySpan{float})"/>, with what this one
    /// call has survived when it returns. A writer of many batches can pass
    /// <see cref="Durability.Process"/> to each and call <see cref="Flush"/> once at the end: one
    /// sync for all of them instead of one per batch, and each batch still all or nothing.
    /// </summary>
    // The write path's methods are compiled fully optimized at their first call: a script's pwsh is
    // often gone before tiered compilation has optimized code called a dozen times per pipeline.
    public void StoreBatch(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors, Durability durability) =>
        StoreBatch(ids, vectors, durability, flushFollows: durability != Durability.Full && Durability == Durability.Full);

    /// <summary>
    /// As the public batch write. <paramref name="flushFollows"/>: the caller will make this batch
    /// durable with a <see cref="Flush"/> (a write scope does, at commit), so a large batch starts
    /// writing its slots back at once and the flush waits less. <paramref name="validated"/>: the
    /// caller has checked every record already (a write scope does, as each is added), so the
    /// components are not scanned a second time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void StoreBatch(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors, Durability durability, bool flushFollows, bool validated = false) =>
        StoreBatch(ids, vectors, default, durability, flushFollows, validated);

    /// <summary>
    /// As the batch write above, for records: <paramref name="metas"/> is empty, or holds each
    /// record's metadata (text key, attributes), and the id of a text-keyed record is
    /// <see cref="RecordMeta.SlotIdOf"/> of its key. A key that repeats keeps its last record.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void StoreBatch(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors, ReadOnlySpan<RecordMeta?> metas, Durability durability, bool flushFollows, bool validated = false)
    {
        ThrowIfUnknown(durability);
        var started = Stopwatch.GetTimestamp();
        if (!validated)
        {
            ValidateBatch(ids, vectors);
        }

        // Without text keys the ids are the keys, and the integer path needs no key objects.
        var order = HasTextKey(metas) ? UniqueLastWins(ids, metas) : UniqueLastWins(ids);
        var orderedMetas = metas.IsEmpty ? null : new RecordMeta?[order.Length];
        var metaBytes = 0L;
        for (var k = 0; orderedMetas is not null && k < order.Length; k++)
        {
            orderedMetas[k] = metas[order[k]];
            metaBytes += WalRecord.MetaLength(orderedMetas[k]);
        }

        var layout = Layout;
        var slotBytesLength = (long)order.Length * layout.SlotSize;
        var inlineLength = slotBytesLength <= InlineSlotBytesLimit ? slotBytesLength : 0;
        ThrowIfTooLargeToLog(order.Length, WalRecord.PutLength(order.Length, inlineLength) + metaBytes, slotBytesLength, WalRecord.PutEntryLength + layout.SlotSize);
        var bytes = ArrayPool<byte>.Shared.Rent((int)slotBytesLength);
        try
        {
            lock (_writeLock)
            {
                ThrowIfUnwritable();
                var generation = Current;
                var first = generation.Index.HighWater;
                if (first + order.Length > SlotTable.MaxSlot + 1)
                {
                    throw new InvalidOperationException($"The data file has handed out all {SlotTable.MaxSlot + 1:N0} of its slots; compact the store to reuse the slots of deleted and overwritten vectors.");
                }

                if (orderedMetas is not null && first + order.Length - 1 > SlotIndex.MaxMetaSlot && orderedMetas.Any(meta => meta is not null))
                {
                    throw new InvalidOperationException($"Records with text keys or attributes can take the first {SlotIndex.MaxMetaSlot + 1:N0} slots of the data file, which are handed out; compact the store to reuse the slots of deleted and overwritten records.");
                }

                // Before anything is written: a batch that cannot fit must not be logged.
                ThrowIfFull(generation.Index, ids, orderedMetas, order);

                EnsureCapacity(generation.Data, first + order.Length);

                var puts = new WalPut[order.Length];
                for (var k = 0; k < order.Length; k++)
                {
                    var i = order[k];
                    var slot = bytes.AsSpan(k * layout.SlotSize, layout.SlotSize);
                    var crc = layout.Write(slot, ids[i], vectors.Slice(i * Dimension, Dimension));
                    puts[k] = new WalPut(ids[i], first + k, crc);
                }

                // Slots beyond the high-water mark are unreferenced, so a failed write here leaves no trace.
                var slotBytes = bytes.AsSpan(0, order.Length * layout.SlotSize);
                generation.Data.WriteSlots(first, slotBytes);
                if (slotBytes.Length <= InlineSlotBytesLimit)
                {
                    // Small batch: the log carries the slots, so one sync of the log makes it durable.
                    CommitPooled(WalRecord.EncodePutPooled(_sequence + 1, _wal.IsDurable, puts, slotBytes, orderedMetas), durability, syncData: false);
                }
                else
                {
                    CommitPooled(WalRecord.EncodePutPooled(_sequence + 1, _wal.IsDurable, puts, default, orderedMetas), durability, syncData: true);
                    if (flushFollows)
                    {
                        generation.Data.StartWriteback(first, order.Length);
                    }
                }

                generation.Index.PutBatch(first, Array.ConvertAll(puts, put => put.Id), orderedMetas);

                _metrics.AddStored(order.Length);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }

        _metrics.BatchWrite.Record(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Copies vector <paramref name="id"/> into <paramref name="destination"/>, verifying its checksum. False when absent.</summary>
    public bool TryRetrieve(ulong id, Span<float> destination)
    {
        if (destination.Length < Dimension)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; the store's vectors have {Dimension}.", nameof(destination));
        }

        if (!TryPinSlot(id, out var generation, out var region, out var offset))
        {
            return false;
        }

        try
        {
            generation.Data.CopyVerified(region.Bytes(offset, generation.Data.Layout.SlotSize), offset, id, destination);
        }
        finally
        {
            region.Release();
        }

        _metrics.AddRetrieved();
        return true;
    }

    /// <summary>A copy of vector <paramref name="id"/>, or null when absent.</summary>
    public float[]? Retrieve(ulong id)
    {
        var vector = new float[Dimension];
        return TryRetrieve(id, vector) ? vector : null;
    }

    /// <summary>
    /// Zero-copy read: a view straight into the mapped file, valid until disposed, even if the
    /// store grows or compacts meanwhile. Not checksum-verified (see <see cref="Verify"/>).
    /// </summary>
    public bool TryGetView(ulong id, out VectorView view)
    {
        if (!TryPinSlot(id, out var generation, out var region, out var offset))
        {
            view = default;
            return false;
        }

        var layout = generation.Data.Layout;
        view = new VectorView(region, layout.Vector(region.Bytes(offset, layout.SlotSize)));
        return true;
    }

    /// <summary>
    /// Pins a mapping that holds the slot of <paramref name="id"/> and finds the slot's offset;
    /// false, with nothing pinned, when the id is absent. The caller releases the region.
    /// </summary>
    private bool TryPinSlot(ulong id, out Generation generation, out MappedRegion region, out long offset)
    {
        while (true)
        {
            (generation, region) = Pin();
            if (!generation.Index.TryGetSlot(id, out var slot))
            {
                region.Release();
                offset = 0;
                return false;
            }

            var layout = generation.Data.Layout;
            offset = layout.OffsetOf(slot);
            if (offset + layout.SlotSize <= region.Length)
            {
                return true;
            }

            // A write grew the file and published the id beyond the pinned mapping after the pin.
            // Growth maps the larger region before the index names the slot, so the next pin
            // covers it (or finds the generation a compaction has published since).
            region.Release();
        }
    }

    /// <summary>
    /// A reader for many reads under one pin of the mapping, zero-copy or copying: cheaper per read
    /// than <see cref="TryGetView"/> and <see cref="TryRetrieve"/>, and its spans stay valid until it
    /// is disposed. See <see cref="VectorReader"/> for what it sees of later writes.
    /// </summary>
    public VectorReader OpenReader()
    {
        var (generation, region) = Pin();
        return new VectorReader(this, generation, region);
    }

    /// <summary>Counts copying reads made through a <see cref="VectorReader"/>, once, when it is disposed.</summary>
    internal void CountRetrieved(long copies) => _metrics.AddRetrieved(copies);

    /// <summary>True when <paramref name="id"/> is stored.</summary>
    public bool Contains(ulong id) => Current.Index.Contains(id);

    /// <summary>Deletes one vector; false when it was not there.</summary>
    public bool Delete(ulong id) => DeleteBatch([id]) == 1;

    /// <summary>Deletes many vectors in one atomic, durable step; returns how many were there.</summary>
    public int DeleteBatch(ReadOnlySpan<ulong> ids) => DeleteBatch(ids, Durability);

    /// <summary>
    /// As <see cref="DeleteBatch(ReadOnlySpan{ulong})"/>, with what this one call has survived
    /// when it returns (see <see cref="StoreBatch(ReadOnlySpan{ulong}, ReadOnlySpan{float}, Durability)"/>).
    /// </summary>
    public int DeleteBatch(ReadOnlySpan<ulong> ids, Durability durability)
    {
        var given = ids.ToArray();
        return DeleteLogged(durability, index =>
        {
            // A small batch is checked first so that deleting absent ids logs and syncs nothing.
            // A large one is logged as given: looking every id up twice would cost more than the
            // few absent ids, which replay skips anyway.
            var victims = given.Length <= PresenceCheckLimit ? Present(index, given) : given;
            if (victims.Length == 0)
            {
                return null;
            }

            ThrowIfTooLargeToLog(victims.Length, WalRecord.DeleteLength(victims.Length), 0, WalRecord.DeleteEntryLength);
            return (WalRecord.EncodeDelete(_sequence + 1, _wal.IsDurable, victims), () => index.RemoveBatch(victims));
        });
    }

    /// <summary>
    /// Deletes records by key in one atomic step, with what the call has survived when it returns;
    /// returns how many were there. Integer keys alone take the integer path.
    /// </summary>
    internal int DeleteKeys(IReadOnlyList<RecordKey> keys, Durability durability)
    {
        if (keys.All(key => !key.IsText))
        {
            return DeleteBatch(keys.Select(key => key.Number).ToArray(), durability);
        }

        return DeleteLogged(durability, index =>
        {
            var victims = keys.Count <= PresenceCheckLimit ? keys.Where(index.Contains).Distinct().ToArray() : [.. keys];
            if (victims.Length == 0)
            {
                return null;
            }

            var keyBytes = victims.Sum(key => (long)WalRecord.DeletedKeyLength(key));
            ThrowIfTooLargeToLog(victims.Length, WalRecord.DeleteKeysLength(keyBytes), 0, 2 + RecordKey.MaxTextBytes);
            return (WalRecord.EncodeDeleteKeys(_sequence + 1, _wal.IsDurable, victims), () => index.RemoveBatch(victims));
        });
    }

    /// <summary>
    /// The steps every delete shares, under the write lock: <paramref name="prepare"/> gives the log
    /// record and the change to the index, or null when nothing is there to delete; the record is
    /// committed before the index changes. Returns how many records the change removed.
    /// </summary>
    private int DeleteLogged(Durability durability, Func<SlotIndex, (byte[] Record, Func<int> Apply)?> prepare)
    {
        ThrowIfUnknown(durability);
        var started = Stopwatch.GetTimestamp();
        int deleted;
        lock (_writeLock)
        {
            ThrowIfUnwritable();
            if (prepare(Current.Index) is not var (record, apply))
            {
                if (durability == Durability.Full && _unsyncedWrites)
                {
                    // A full-durability call returns with every write before it durable, even when it changed nothing.
                    SyncPending();
                }

                return 0;
            }

            Commit(record, durability, syncData: false);
            deleted = apply();
            _metrics.AddDeleted(deleted);
        }

        _metrics.BatchWrite.Record(Stopwatch.GetElapsedTime(started));
        return deleted;
    }

    private static ulong[] Present(SlotIndex index, ReadOnlySpan<ulong> ids)
    {
        var present = new List<ulong>(ids.Length);
        foreach (var id in ids)
        {
            if (index.Contains(id) && !present.Contains(id))
            {
                present.Add(id);
            }
        }

        return [.. present];
    }

    /// <summary>
    /// Makes every write so far survive a power loss: needed after writes made with
    /// <see cref="Durability.Process"/>, by the store's setting or by the call's.
    /// </summary>
    public void Flush()
    {
        lock (_writeLock)
        {
            ThrowIfUnwritable();

            // After full-durability calls alone everything is on disk already: the log holds the
            // slots its small records carry, and the rest were synced with their records.
            if (_unsyncedWrites || !_wal.IsDurable)
            {
                SyncPending();
            }
        }
    }

    /// <summary>Grows the data file now so the next <paramref name="vectorCount"/> new vectors need no growth.</summary>
    public void ReserveCapacity(long vectorCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(vectorCount);
        lock (_writeLock)
        {
            ThrowIfUnwritable();
            var generation = Current;
            EnsureCapacity(generation.Data, generation.Index.HighWater + vectorCount);
        }
    }

    /// <summary>
    /// Rewrites the live vectors into a new data file and switches to it atomically, reclaiming
    /// the slots of deleted and overwritten vectors. Writers wait; readers go on. A crash at any
    /// point leaves either the old store or the new one.
    /// </summary>
    public CompactionResult Compact(IProgress<double>? progress = null)
    {
        lock (_writeLock)
        {
            ThrowIfUnwritable();
            var old = Current;
            if (old.Index.HighWater == old.Index.Count)
            {
                progress?.Report(1.0);
                return new CompactionResult(0, 0, 0, TimeSpan.Zero);
            }

            Guard(Checkpoint);
            var (generation, result, pendingIndex) = Compactor.Run(_fileSystem, _paths, old, _sequence, progress);
            try
            {
                Guard(() => IndexCheckpoint.Publish(_fileSystem, pendingIndex, _paths.Index));
            }
            catch
            {
                // The switch may or may not be on disk: both generations' data files stay, the
                // store refuses writes, and the next open keeps whichever one the index names.
                generation.Data.Dispose();
                throw;
            }

            // The index on disk now names the new generation: so must memory, whatever follows.
            Volatile.Write(ref _generation, generation);
            ReplaceDerived(old, generation);
            old.Data.Dispose();
            // The switch is durable: freeing the old file's blocks need not hold the caller up.
            _replacedFileDeletions = Task.WhenAll(_replacedFileDeletions, _fileSystem.DeleteUnreferencedAsync(old.Data.Path));
            Guard(() => _wal.Reset(generation.Number, _sequence, Dimension));
            _metrics.AddCompaction();
            return result;
        }
    }

    /// <summary>A snapshot of the stored integer ids (records with a text key are not among them).</summary>
    public IReadOnlyCollection<ulong> Ids()
    {
        ThrowIfDisposed();
        return Current.Index.SnapshotIds();
    }

    /// <summary>
    /// Reads every live slot and checks its checksum; returns how many were verified. Slots
    /// written while it runs may or may not be verified, as a concurrent reader may or may not see them.
    /// </summary>
    public long Verify()
    {
        var (generation, region) = Pin();
        try
        {
            var layout = generation.Data.Layout;
            var verified = 0L;
            foreach (var (id, slot, key) in SlotsToVerify(generation.Index))
            {
                var offset = layout.OffsetOf(slot);
                if (offset + layout.SlotSize > region.Length)
                {
                    // Written after the pin, into space the file grew by since: read it through the larger mapping.
                    if (generation.Data.AcquireRegion() is not { } larger)
                    {
                        // A compaction has retired this file since, and copied the slot into the next one.
                        continue;
                    }

                    region.Release();
                    region = larger;
                }

                var bytes = region.Bytes(offset, layout.SlotSize);
                if (!layout.Holds(bytes, id))
                {
                    throw new StoreCorruptedException(generation.Data.Path, offset, $"the slot of record {key} does not match its checksum.");
                }

                verified++;
            }

            return verified;
        }
        finally
        {
            region.Release();
        }
    }

    /// <summary>Every live record's slot, the id its slot holds, and its key for messages.</summary>
    private static IEnumerable<(ulong SlotId, long Slot, RecordKey Key)> SlotsToVerify(SlotIndex index)
    {
        foreach (var (id, slot) in index.Entries)
        {
            yield return (id, slot, RecordKey.FromNumber(id));
        }

        foreach (var (text, slot) in index.TextEntries)
        {
            yield return (RecordMeta.SlotIdOf(index.MetaAt(slot)?.KeyUtf8 ?? []), slot, RecordKey.FromStoredText(text));
        }
    }

    /// <summary>Counters, sizes and latency percentiles.</summary>
    public StorageMetricsSnapshot GetMetrics()
    {
        var generation = Current;
        var index = generation.Index;
        return new StorageMetricsSnapshot
        {
            VectorCount = index.Count,
            Dimension = Dimension,
            StoredCount = _metrics.Stored,
            DeletedCount = _metrics.Deleted,
            RetrievedCount = _metrics.Retrieved,
            DataFileBytes = _disposed ? 0 : generation.Data.Length,
            WalBytes = _wal.Length,
            IndexFileBytes = _fileSystem.LengthOf(_paths.Index),
            LiveBytes = index.Count * generation.Data.Layout.SlotSize,
            FragmentationRatio = FragmentationRatio,
            ResizeCount = _metrics.Resizes,
            BytesGrown = _metrics.BytesGrown,
            CheckpointCount = _metrics.Checkpoints,
            CompactionCount = _metrics.Compactions,
            Quantization = Quantization,
            QuantizedFileBytes = QuantizedFileBytes,
            QuantizedSearchCount = QuantizedSearches,
            QuantizedCandidateCount = QuantizedCandidates,
            KeyBytes = index.KeyBytes,
            AttributeBytes = index.AttributeBytes,
            EnsureCapacityLatency = _metrics.EnsureCapacity.Summarize(),
            SyncLatency = _metrics.Sync.Summarize(),
            BatchWriteLatency = _metrics.BatchWrite.Summarize(),
        };
    }

    /// <summary>
    /// Checkpoints the index, trims growth headroom, and releases the files and the lock, always.
    /// When the checkpoint cannot be written (a full disk, a failed sync) the log is synced
    /// instead, everything is still released, and a <see cref="StoreCloseFailedException"/>
    /// reports it, saying whether every write is durable; the next open replays the log.
    /// </summary>
    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            var generation = Current;
            var healthy = _failure is null;
            StoreCloseFailedException? failed = null;
            try
            {
                if (healthy && (_checkpointDue || _wal.Length > WriteAheadLog.HeaderSize))
                {
                    failed = CheckpointAtClose();
                }
            }
            finally
            {
                if (healthy)
                {
                    generation.Data.CloseAndTrim(generation.Index.HighWater);
                }
                else
                {
                    generation.Data.Dispose();
                }

                _wal.Dispose();
                _syncWorker.Dispose();
                _replacedFileDeletions.Wait();
                _lock.Dispose();
            }

            if (failed is not null)
            {
                throw failed;
            }
        }
    }
}
