namespace VelesDb.Engine.Contract;

/// <summary>
/// A write scope: queues records and deletes, writes them in batches in the order given (each batch
/// atomic), and makes all of them durable once, when <see cref="Commit"/> runs or when it is
/// disposed. One thread at a time. A failure of a batch surfaces from the next call.
/// </summary>
public interface IStoreWriter : IDisposable
{
    /// <summary>
    /// Queues an insert or overwrite. A record the store cannot take (wrong dimension, NaN or
    /// infinite components) throws <see cref="DimensionMismatchException"/> or
    /// <see cref="InvalidVectorException"/> for itself alone; nothing is queued then.
    /// </summary>
    void Add(RecordKey key, ReadOnlySpan<float> vector) => Add(key, vector, null);

    /// <summary>
    /// Queues an insert or overwrite of a whole record: an overwrite replaces the vector and the
    /// attributes (null or <see cref="RecordAttributes.Empty"/>: none). Throws for this record alone,
    /// as the two-argument overload does, and <see cref="CapabilityNotSupportedException"/> when the
    /// backend keeps no attributes or no text keys.
    /// </summary>
    void Add(RecordKey key, ReadOnlySpan<float> vector, RecordAttributes? attributes);

    /// <summary>
    /// Queues replacing the attributes of a stored record, keeping its vector
    /// (<see cref="RecordAttributes.Empty"/> clears them). Returns false, queuing nothing, when no
    /// record with this key is stored once the writes queued before it are applied.
    /// </summary>
    bool SetAttributes(RecordKey key, RecordAttributes attributes);

    /// <summary>Queues a delete; a key that is not stored is skipped.</summary>
    void Remove(RecordKey key);

    /// <summary>Writes everything queued and makes every write of the scope durable; the scope stays usable.</summary>
    void Commit();

    /// <summary>
    /// Records whose batch is stored, and (with <see cref="WriteScopeOptions.SyncEachBatch"/>)
    /// durable, since the last call, in the order they were added: what a caller may report as stored.
    /// Empty unless the scope was begun with <see cref="WriteScopeOptions.ReportStored"/>.
    /// </summary>
    IReadOnlyList<VectorRecord> TakeStored();

    /// <summary>Records written (inserted or overwritten) by this scope so far.</summary>
    long StoredCount { get; }

    /// <summary>Records this scope's deletes removed so far.</summary>
    long RemovedCount { get; }
}
