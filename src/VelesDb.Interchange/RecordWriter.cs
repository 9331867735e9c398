namespace VelesDb.Interchange;

/// <summary>
/// Writes records to a file, one at a time, in constant memory. A record the format cannot hold
/// (a text key in an array format, a component a byte cannot hold) is refused by
/// <see cref="TryWrite"/> with the reason, and nothing of it is written. <see cref="Complete"/>
/// finishes the file (headers that count rows, a Parquet footer); a writer disposed without it
/// leaves an unfinished file, which the caller discards.
/// </summary>
public abstract class RecordWriter : IDisposable
{
    /// <summary>Records written so far.</summary>
    public long Written { get; protected set; }

    /// <summary>Writes one record, or returns false with the reason it cannot be held.</summary>
    /// <param name="key">The record's key.</param>
    /// <param name="vector">Its components.</param>
    /// <param name="attributes">Its attributes, a compact UTF-8 JSON object; empty for none.</param>
    /// <param name="problem">Why the record was not written.</param>
    public abstract bool TryWrite(RowKey key, ReadOnlySpan<float> vector, ReadOnlySpan<byte> attributes, out string? problem);

    /// <summary>Finishes the file and flushes it to the stream.</summary>
    public abstract void Complete();

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the streams.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
