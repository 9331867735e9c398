using System.Runtime.CompilerServices;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Index;

namespace VelesDb.Engine.Writes;

/// <summary>
/// The embedded engine's write scope, where group commit lives. Added records fill a batch; a full
/// batch is written on a worker while the next one fills, one at a time and in order. Deletes are
/// batched too, after the adds queued before them. In Full durability the batches are written
/// without a sync each and one flush at commit makes them all durable, unless each batch must be
/// durable before it is reported (<see cref="WriteScopeOptions.SyncEachBatch"/>).
/// </summary>
internal sealed class MmapWriteScope : IStoreWriter
{
    /// <summary>A batch buffers at most this many components (64 MiB), whatever the batch size says.</summary>
    private const int MaxBufferedComponents = 16 * 1024 * 1024;

    /// <summary>
    /// Without a batch size, a batch holds about this many components (4 MiB): few enough to keep
    /// memory small, many enough that the per-batch sync is a small share of the cost.
    /// </summary>
    private const int AutomaticBatchComponents = 1024 * 1024;

    private readonly MmapVectorStore _store;
    private readonly WriteScopeOptions _options;
    private readonly int _capacity;
    private readonly List<RecordKey> _removals = [];
    private readonly StoredRecords _stored = new();
    private PendingBatch _filling;
    private PendingBatch? _spare;
    private PendingBatch? _inFlight;
    private Task? _writing;

    /// <summary>
    /// The keys whose attributes were set since everything queued was last written, while nothing
    /// but attribute sets is queued; null once an add is queued. A set reads the stored vector, so
    /// it must first write what is queued, unless that is only sets of other keys.
    /// </summary>
    private HashSet<RecordKey>? _setKeys = [];

    /// <summary>True when a batch of this scope was written without a sync of its own.</summary>
    private bool _unflushed;
    private bool _disposed;

    public MmapWriteScope(MmapVectorStore store, WriteScopeOptions? options)
    {
        ObjectDisposedException.ThrowIf(store.IsDisposed, store);
        _store = store;
        _options = options ?? new WriteScopeOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.BatchSize, nameof(options));
        var wanted = _options.BatchSize > 0 ? _options.BatchSize : Math.Max(1000, AutomaticBatchComponents / store.Dimension);
        _capacity = Math.Clamp(MaxBufferedComponents / store.Dimension, 1, wanted);
        _filling = new PendingBatch(store.Dimension, _capacity);
    }

    public long StoredCount { get; private set; }

    public long RemovedCount { get; private set; }

    /// <summary>What each batch has survived when its call returns: deferred to the commit's flush in Full durability.</summary>
    private Durability BatchDurability =>
        _options.SyncEachBatch || _store.Durability != Durability.Full ? _store.Durability : Durability.Process;

    // The write path is compiled fully optimized at its first call: a script's pwsh is often gone
    // before tiered compilation has optimized code called once per record.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(RecordKey key, ReadOnlySpan<float> vector, RecordAttributes? attributes)
    {
        ThrowIfDisposed();
        _store.ValidateRecord(key, vector);
        var meta = RecordMeta.Of(key, attributes);
        if (_removals.Count > 0)
        {
            WriteRemovals();
        }

        _setKeys = null;
        Queue(key, vector, meta);
    }

    public void Remove(RecordKey key)
    {
        ThrowIfDisposed();
        if (_filling.Count > 0 || _writing is not null)
        {
            // Deletes apply after the adds queued before them.
            StartWrite();
            FinishWrite();
        }

        _removals.Add(key);
        if (_removals.Count >= _capacity)
        {
            WriteRemovals();
        }
    }

    /// <summary>Queues the record again with the new attributes and the vector it has once what is queued before is written.</summary>
    public bool SetAttributes(RecordKey key, RecordAttributes attributes)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(attributes);
        if (_removals.Count > 0 || _setKeys is null || _setKeys.Contains(key))
        {
            StartWrite();
            FinishWrite();
            WriteRemovals();
            _setKeys = [];
        }

        var vector = new float[_store.Dimension];
        using (var reader = _store.OpenReader())
        {
            if (!reader.TryCopy(key, vector, out _))
            {
                return false;
            }
        }

        _setKeys.Add(key);
        Queue(key, vector, RecordMeta.Of(key, attributes));
        return true;
    }

    private void Queue(RecordKey key, ReadOnlySpan<float> vector, RecordMeta? meta)
    {
        var id = meta?.TextKey is null ? key.Number : RecordMeta.SlotIdOf(meta.KeyUtf8);
        _filling.Add(id, vector, meta);
        if (_filling.IsFull)
        {
            StartWrite();
        }
    }

    public void Commit()
    {
        ThrowIfDisposed();
        StartWrite();
        FinishWrite();
        WriteRemovals();
        _setKeys = [];
        if (_unflushed)
        {
            _store.Flush();
            _unflushed = false;
        }
    }

    public IReadOnlyList<VectorRecord> TakeStored() => _stored.Take();

    /// <summary>Commits what is queued (unless the store has closed or failed), then lets go of the buffers.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            if (!_store.IsDisposed)
            {
                Commit();
            }
        }
        finally
        {
            _disposed = true;
            _writing = null;
            _filling.Clear();
            _removals.Clear();
        }
    }

    /// <summary>Waits for the batch in flight (if any), then hands the filling batch to a worker.</summary>
    private void StartWrite()
    {
        FinishWrite();
        if (_filling.Count == 0)
        {
            return;
        }

        var batch = _filling;
        var durability = BatchDurability;
        var deferred = durability != _store.Durability;
        _unflushed |= deferred;
        _inFlight = batch;
        _filling = _spare ?? new PendingBatch(_store.Dimension, _capacity);
        _spare = null;
        _writing = Task.Run(() => _store.StoreBatch(batch.Ids, batch.Components, batch.Metas, durability, flushFollows: deferred, validated: true));
    }

    /// <summary>Waits for the batch in flight and rethrows its failure, or keeps its records for <see cref="TakeStored"/>.</summary>
    private void FinishWrite()
    {
        if (_writing is not { } writing || _inFlight is not { } batch)
        {
            return;
        }

        try
        {
            writing.GetAwaiter().GetResult();
            StoredCount += batch.Count;
            if (_options.ReportStored)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    _stored.Add(new VectorRecord(batch.KeyAt(i), batch.VectorAt(i), batch.AttributesAt(i)));
                }
            }
        }
        finally
        {
            _writing = null;
            _inFlight = null;
            batch.Clear();
            _spare = batch;
        }
    }

    private void WriteRemovals()
    {
        if (_removals.Count == 0)
        {
            return;
        }

        var durability = BatchDurability;
        _unflushed |= durability != _store.Durability;
        try
        {
            RemovedCount += _store.DeleteKeys(_removals.ToArray(), durability);
        }
        finally
        {
            _removals.Clear();
        }
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
