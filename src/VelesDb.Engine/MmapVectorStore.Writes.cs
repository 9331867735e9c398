using System.Diagnostics;
using System.Runtime.CompilerServices;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.Mapping;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine;

/// <summary>The write path's shared steps: validation, commit, growth, checkpoint, failure state.</summary>
public sealed partial class MmapVectorStore
{
    /// <summary>Recovery replayed the log but could not checkpoint it: that must happen before the next append.</summary>
    private bool _checkpointDue;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ValidateBatch(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors)
    {
        if (ids.IsEmpty)
        {
            throw new InvalidVectorException("The batch is empty: give at least one id and vector.");
        }

        if (vectors.Length != (long)ids.Length * Dimension)
        {
            if (vectors.Length % ids.Length == 0)
            {
                throw new DimensionMismatchException(Dimension, vectors.Length / ids.Length);
            }

            throw new InvalidVectorException($"The batch has {ids.Length} ids but {vectors.Length} floats, which is not {ids.Length} vectors of dimension {Dimension}.");
        }

        if (_options.AllowNonFiniteValues)
        {
            return;
        }

        var bad = IndexOfNonFinite(vectors);
        if (bad >= 0)
        {
            var id = ids[bad / Dimension];
            throw new InvalidVectorException($"Vector {id} has {vectors[bad]} at component {bad % Dimension}; NaN and infinity are rejected.", id);
        }
    }

    private static void ThrowIfUnknown(Durability durability)
    {
        if (!Enum.IsDefined(durability))
        {
            throw new ArgumentOutOfRangeException(nameof(durability), durability, "Give Durability.Full or Durability.Process.");
        }
    }

    /// <summary>Positions in <paramref name="ids"/> to store: each id once, at its last occurrence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int[] UniqueLastWins(ReadOnlySpan<ulong> ids)
    {
        if (ids.Length == 1)
        {
            return [0];
        }

        var last = new Dictionary<ulong, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            last[ids[i]] = i;
        }

        if (last.Count == ids.Length)
        {
            return [.. Enumerable.Range(0, ids.Length)];
        }

        var order = new int[last.Count];
        var k = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (last[ids[i]] == i)
            {
                order[k++] = i;
            }
        }

        return order;
    }

    private static bool HasTextKey(ReadOnlySpan<RecordMeta?> metas)
    {
        foreach (var meta in metas)
        {
            if (meta?.TextKey is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Positions to store when records carry metadata: each key once (a text key by its text, not its slot id), at its last occurrence.</summary>
    private static int[] UniqueLastWins(ReadOnlySpan<ulong> ids, ReadOnlySpan<RecordMeta?> metas)
    {
        var last = new Dictionary<RecordKey, int>(ids.Length);
        for (var i = 0; i < ids.Length; i++)
        {
            last[RecordMeta.KeyOf(metas[i], ids[i])] = i;
        }

        var order = new int[last.Count];
        var k = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            if (last[RecordMeta.KeyOf(metas[i], ids[i])] == i)
            {
                order[k++] = i;
            }
        }

        return order;
    }

    /// <summary>
    /// Refuses a batch of <paramref name="count"/> ids whose log record would be longer than
    /// <see cref="WalRecord.MaxFrameLength"/> (the log is read back one record at a time, each in one
    /// buffer), or whose slots would need a buffer past the largest array.
    /// </summary>
    private void ThrowIfTooLargeToLog(long count, long recordLength, long bufferLength, int bytesPerEntry)
    {
        var limit = Math.Min(_options.MaxLogRecordBytes, WalRecord.MaxFrameLength);
        if (recordLength > limit || bufferLength > Array.MaxLength)
        {
            var maxCount = Math.Min(WalRecord.MaxEntries(limit, bytesPerEntry), Array.MaxLength / bytesPerEntry);
            throw new BatchTooLargeException(count, Math.Max(1, maxCount));
        }
    }

    /// <summary>Refuses a batch (the ids at <paramref name="order"/>) that would take the store past the vectors its id table can hold.</summary>
    private void ThrowIfFull(SlotIndex index, ReadOnlySpan<ulong> ids, RecordMeta?[]? orderedMetas, int[] order)
    {
        var limit = Math.Min(_options.MaxVectorCount, SlotTable.MaxLiveCount);
        if (index.Count + order.Length <= limit)
        {
            return;
        }

        var distinct = new RecordKey[order.Length];
        for (var k = 0; k < order.Length; k++)
        {
            distinct[k] = RecordMeta.KeyOf(orderedMetas?[k], ids[order[k]]);
        }

        var after = index.CountAfterPutting(distinct, limit);
        if (after > limit)
        {
            throw new StoreFullException(Directory, index.Count, after - index.Count, limit);
        }
    }

    /// <summary>
    /// Appends one record and, for a <see cref="Durability.Full"/> write, syncs it (and the slots
    /// it names) before returning. A full write after unsynced ones syncs their slots too: replay
    /// stops at the first record whose slots are missing, so theirs must survive for it to.
    /// </summary>
    private void Commit(byte[] record, Durability durability, bool syncData) => Commit(record, record.Length, durability, syncData);

    /// <summary>As <see cref="Commit(byte[], Durability, bool)"/> for a record in a rented buffer, which goes back to the pool whatever happens.</summary>
    private void CommitPooled((byte[] Buffer, int Length) record, Durability durability, bool syncData)
    {
        try
        {
            Commit(record.Buffer, record.Length, durability, syncData);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(record.Buffer);
        }
    }

    private void Commit(byte[] record, int length, Durability durability, bool syncData)
    {
        Guard(() => _wal.Append(record.AsSpan(0, length)));
        if (durability != Durability.Full)
        {
            _unsyncedWrites = true;
            _unsyncedSlots |= syncData;
        }
        else if (syncData || _unsyncedSlots)
        {
            SyncBoth();
        }
        else
        {
            SyncLog();
        }

        _sequence++;
    }

    /// <summary>Syncs the data file and the log, in parallel: every write so far is then durable.</summary>
    private void SyncBoth()
    {
        var data = Current.Data;
        Guard(() => _syncWorker.RunBoth(() => SyncTimed(data.Sync), () => SyncTimed(_wal.Sync)));
        _unsyncedWrites = false;
        _unsyncedSlots = false;
    }

    /// <summary>Syncs the log alone: enough while every unsynced write's slots are in its records.</summary>
    private void SyncLog()
    {
        Guard(() => SyncTimed(_wal.Sync));
        _unsyncedWrites = false;
    }

    /// <summary>Makes every write so far durable with as few syncs as that needs.</summary>
    private void SyncPending()
    {
        if (_unsyncedSlots)
        {
            SyncBoth();
        }
        else
        {
            SyncLog();
        }
    }

    private void EnsureCapacity(DataFile data, long slots)
    {
        var started = Stopwatch.GetTimestamp();
        var grown = data.EnsureCapacity(slots);
        if (grown > 0)
        {
            _metrics.AddGrowth(grown, Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// Runs before a write appends to the log: the checkpoint recovery deferred, or the one a log
    /// past its threshold needs. Before the append, not after it, so that a checkpoint that fails
    /// (a full disk) fails a write not yet made, never one already durable and acknowledged.
    /// </summary>
    private void CheckpointIfDue()
    {
        if (_checkpointDue || _wal.Length >= CheckpointThreshold)
        {
            Guard(Checkpoint);
        }
    }

    /// <summary>
    /// The log length that makes a checkpoint due: the option's, or the bytes of the live records'
    /// keys and attributes when they are more. A checkpoint rewrites all of those, so waiting for at
    /// least as many bytes of log keeps that rewriting a constant share of what is written, where a
    /// fixed threshold would rewrite a large store's attributes over and over; replaying such a log
    /// costs about what reading the checkpoint does. Stores of integer keys alone are unchanged.
    /// </summary>
    private long CheckpointThreshold
    {
        get
        {
            var index = Current.Index;
            return Math.Clamp(index.KeyBytes + index.AttributeBytes, _options.CheckpointThresholdBytes, VectorStoreOptions.MaxCheckpointThresholdBytes);
        }
    }

    /// <summary>Syncs the slots, writes the whole index as of the last record, then empties the log.</summary>
    private void Checkpoint()
    {
        var generation = Current;
        SyncTimed(generation.Data.Sync);
        var header = new FileHeader(FileHeader.IndexMagic, Dimension, generation.Number, _sequence);
        IndexCheckpoint.Write(_fileSystem, _paths.Index, header, generation.Index);
        _wal.Reset(generation.Number, _sequence, Dimension);
        _unsyncedWrites = false;
        _unsyncedSlots = false;
        _checkpointDue = false;
        _metrics.AddCheckpoint();
    }

    /// <summary>
    /// Recovery's checkpoint of a replayed log. When it cannot be written (a full disk) the store
    /// opens anyway, for reading: the log still holds the replayed writes, and nothing is
    /// appended to it before the checkpoint succeeds (at the first write, or at close). A failed
    /// sync of the slots is another matter: the disk may have dropped pages, so the store then
    /// refuses writes until it is opened again.
    /// </summary>
    private void CheckpointOrDefer()
    {
        try
        {
            SyncTimed(Current.Data.Sync);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = e;
            return;
        }

        try
        {
            Checkpoint();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _checkpointDue = true;
        }
    }

    /// <summary>
    /// The checkpoint at close; null when it was written. When it cannot be (a full disk), the
    /// log is synced instead, which makes every write as durable as the checkpoint would have
    /// (the next open replays it), and the failure says whether that worked. A handle that only
    /// read a store whose recovery checkpoint was deferred leaves it as it found it: no failure.
    /// </summary>
    private StoreCloseFailedException? CheckpointAtClose()
    {
        // Still due at close: nothing was appended (the first append checkpoints first).
        var onlyRead = _checkpointDue;
        var pending = _unsyncedWrites || !_wal.IsDurable;
        try
        {
            SyncTimed(Current.Data.Sync);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No retry: a sync that failed once may have dropped pages a second one would report as written.
            return new StoreCloseFailedException(Directory, e, writesAreDurable: !pending);
        }

        try
        {
            Checkpoint();
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                if (pending)
                {
                    SyncTimed(_wal.Sync);
                }

                return onlyRead ? null : new StoreCloseFailedException(Directory, e, writesAreDurable: true);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
                return new StoreCloseFailedException(Directory, again, writesAreDurable: false);
            }
        }
    }

    private void SyncTimed(Action sync)
    {
        var started = Stopwatch.GetTimestamp();
        sync();
        _metrics.Sync.Record(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// Runs a step whose failure leaves the files in an unknown state (a half-appended record, a
    /// failed sync). The store then refuses writes: retrying a failed fsync and reporting success
    /// would acknowledge data the disk may have dropped. Reopening recovers from the log.
    /// </summary>
    private void Guard(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _failure = e;
            throw;
        }
    }

    /// <summary>Throws when the store cannot take a write; otherwise runs a checkpoint that is due before the write goes on.</summary>
    private void ThrowIfUnwritable()
    {
        ThrowIfDisposed();
        if (_failure is not null)
        {
            throw new StoreFailedException(Directory, _failure);
        }

        CheckpointIfDue();
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
