using System.Diagnostics;
using StackExchange.Redis;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.Redis;

/// <summary>
/// The server store's write scope. Queued writes are sent as one pipeline per batch (every
/// command of the batch written to the connection at once, then every reply awaited), in the order
/// they were queued, and a batch counts as stored only when the server has answered each of its
/// commands. A batch is not atomic on the server: when replies are missing (the connection
/// dropped) or refused, <see cref="WriteNotAcknowledgedException"/> names the keys that were not
/// acknowledged, and those that were stay stored. Each stored record is also added to the store's
/// member set before its VADD, and each delete removes it after its VREM, so the member set always
/// holds at least the vector set's elements.
/// </summary>
internal sealed class RedisWriteScope : IStoreWriter
{
    /// <summary>Without a batch size: about 1 MiB of components per batch, 256 to 4,096 records.</summary>
    private const int AutomaticBatchComponents = 256 * 1024;

    private readonly RedisVectorStore _store;
    private readonly WriteScopeOptions _options;
    private readonly int _capacity;
    private readonly List<PendingWrite> _pending = [];
    private readonly StoredRecords _stored = new();
    private bool _disposed;

    /// <summary>True when a batch was acknowledged since the server was last asked to commit its log.</summary>
    private bool _uncommitted;

    public RedisWriteScope(RedisVectorStore store, WriteScopeOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.BatchSize, nameof(options));
        _store = store;
        _options = options;
        _capacity = options.BatchSize > 0 ? options.BatchSize : Math.Clamp(AutomaticBatchComponents / store.Dimension, 256, 4096);
    }

    public long StoredCount { get; private set; }

    public long RemovedCount { get; private set; }

    public void Add(RecordKey key, ReadOnlySpan<float> vector, RecordAttributes? attributes)
    {
        ThrowIfDisposed();
        _store.ValidateVector(key, vector);
        var arguments = _store.AddArguments(ElementNames.Of(key), vector, attributes);
        _pending.Add(new PendingWrite(key, arguments, _options.ReportStored ? vector.ToArray() : null, attributes ?? RecordAttributes.Empty));
        if (_pending.Count >= _capacity)
        {
            Send();
        }
    }

    public bool SetAttributes(RecordKey key, RecordAttributes attributes)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(attributes);

        // Whether the record exists depends on the writes queued before: send them first.
        Send();
        var element = ElementNames.Of(key);
        var set = _store.Keys.ShardOf(element).Set;
        return _store.Server.Call("VSETATTR", db => db.VectorSetSetAttributesJson(set, element, attributes.Json));
    }

    public void Remove(RecordKey key)
    {
        ThrowIfDisposed();
        _pending.Add(new PendingWrite(key, null, null, null));
        if (_pending.Count >= _capacity)
        {
            Send();
        }
    }

    public void Commit()
    {
        ThrowIfDisposed();
        _store.ThrowIfClosed();
        Send();
        if (!_options.SyncEachBatch)
        {
            CommitServerLog();
        }
    }

    public IReadOnlyList<VectorRecord> TakeStored() => _stored.Take();

    /// <summary>Sends what is queued (unless the store has closed), then lets go of it.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            if (_store.IsOpen)
            {
                Commit();
            }
        }
        finally
        {
            _disposed = true;
            _pending.Clear();
        }
    }

    /// <summary>
    /// Sends the queued writes as one pipeline and waits for every reply. When the connection turns
    /// out to be lost (a server restart is noticed only when a command fails), the whole batch is
    /// sent once more after the client has reconnected: every command of a batch is idempotent
    /// (VADD of the same record, SADD, VREM, SREM) and the batch is replayed in order, so sending it
    /// twice leaves the same records as once. What is still unacknowledged then is an error by key.
    /// </summary>
    private void Send()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        _store.ThrowIfClosed();
        var started = Stopwatch.GetTimestamp();
        var removed = new bool[_pending.Count];
        var (acknowledgements, failure) = SendOnce(removed);
        if (failure is RedisConnectionException)
        {
            (acknowledgements, failure) = SendOnce(removed);
        }

        _store.BatchLatency.Record(Stopwatch.GetElapsedTime(started));
        var failed = new List<RecordKey>();
        var acknowledged = new List<RecordKey>();
        long stored = 0, removedCount = 0;
        for (var i = 0; i < _pending.Count; i++)
        {
            var write = _pending[i];
            if (acknowledgements?[i].Status != TaskStatus.RanToCompletion)
            {
                failed.Add(write.Key);
                continue;
            }

            acknowledged.Add(write.Key);
            if (write.IsRemove)
            {
                removedCount += removed[i] ? 1 : 0;
            }
            else
            {
                stored++;
                if (_options.ReportStored)
                {
                    _stored.Add(new VectorRecord(write.Key, write.Vector!, write.Attributes));
                }
            }
        }

        _pending.Clear();
        _uncommitted |= acknowledged.Count > 0;
        StoredCount += stored;
        RemovedCount += removedCount;
        _store.CountWrites(stored, removedCount);
        if (failure is not null)
        {
            // Always by key, whatever the cause (kept as the inner exception): the caller must know what to retry.
            throw new WriteNotAcknowledgedException(_store.Locator.Canonical, failed, acknowledged, failure as VelesDbException ?? _store.Server.Translate("VADD", failure));
        }

        if (_options.SyncEachBatch)
        {
            CommitServerLog();
        }
    }

    /// <summary>One pipeline of every queued write; the reply of each write, and the first failure. <paramref name="removed"/> collects which deletes found their record.</summary>
    private (Task[]? Acknowledgements, Exception? Failure) SendOnce(bool[] removed)
    {
        try
        {
            _store.Server.AwaitConnection();
        }
        catch (ServerUnavailableException e)
        {
            // Nothing was sent.
            return (null, e);
        }

        var keys = _store.Keys;
        var batch = _store.Server.Database.CreateBatch();
        var acknowledgements = new Task[_pending.Count];
        for (var i = 0; i < _pending.Count; i++)
        {
            var write = _pending[i];
            var element = ElementNames.Of(write.Key);
            var shard = keys.ShardOf(element);
            if (write.IsRemove)
            {
                var index = i;
                var removal = batch.VectorSetRemoveAsync(shard.Set, element).ContinueWith(t => removed[index] |= t.Result, TaskScheduler.Default);
                var unlisted = batch.SetRemoveAsync(shard.Members, element);
                acknowledgements[i] = Task.WhenAll(removal, unlisted);
            }
            else
            {
                var listed = batch.SetAddAsync(shard.Members, element);
                var added = batch.ExecuteAsync("VADD", write.AddArguments!);
                acknowledgements[i] = Task.WhenAll(listed, added);
            }
        }

        try
        {
            // Throws at once when there is no connection to send on; nothing was sent then.
            batch.Execute();
            Task.WaitAll(acknowledgements);
            return (acknowledgements, null);
        }
        catch (AggregateException e)
        {
            return (acknowledgements, Innermost(e));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return (acknowledgements, e);
        }
    }

    private static Exception Innermost(AggregateException e) =>
        e.Flatten().InnerExceptions.FirstOrDefault(x => x is not AggregateException) ?? e;

    /// <summary>
    /// In Full durability, asks Garnet to commit its append-only file now (COMMITAOF), so that a
    /// server run with --aof has every acknowledged write of the scope on disk. Redis has no such
    /// command for one client; its appendfsync setting decides.
    /// </summary>
    private void CommitServerLog()
    {
        if (_uncommitted && _store.Durability == Durability.Full && _store.Server.Dialect == ServerDialect.Garnet)
        {
            _store.Server.OnEveryPrimary("COMMITAOF");
        }

        _uncommitted = false;
    }

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);
}
