using System.Runtime.InteropServices;

namespace VelesDb.Interchange;

/// <summary>
/// Writes a 2-D float32 NumPy array (<see cref="NpyHeader"/>, version 1.0, <c>&lt;f4</c>, C order)
/// and its companion key file (<see cref="CompanionIds"/>); the row count is filled in by
/// <see cref="Complete"/>. Text keys and attributes cannot be held: a record with a text key is refused.
/// </summary>
public sealed class NpyRecordWriter : RecordWriter
{
    private readonly Stream _data;
    private readonly CompanionIds.Writer _ids;
    private readonly int _dimension;

    public NpyRecordWriter(Stream data, Stream ids, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        _data = data;
        _dimension = dimension;
        _ids = new CompanionIds.Writer(ids);
        NpyHeader.Write(data, "<f4", 0, dimension, oneDimensional: false);
    }

    /// <inheritdoc/>
    public override bool TryWrite(RowKey key, ReadOnlySpan<float> vector, ReadOnlySpan<byte> attributes, out string? problem)
    {
        if (ArrayKeys.Refuse(key, vector, _dimension, out problem))
        {
            return false;
        }

        _data.Write(MemoryMarshal.AsBytes(vector));
        _ids.Add(key.Number);
        Written++;
        return true;
    }

    /// <inheritdoc/>
    public override void Complete()
    {
        _data.Flush();
        _data.Position = 0;
        NpyHeader.Write(_data, "<f4", Written, _dimension, oneDimensional: false);
        _data.Seek(0, SeekOrigin.End);
        _data.Flush();
        _ids.Complete();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _data.Dispose();
            _ids.Dispose();
        }

        base.Dispose(disposing);
    }
}
