using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VelesDb.Interchange;

/// <summary>
/// Writes TEXMEX vectors (layout in <see cref="TexmexRecordReader"/>) and the companion key file
/// (<see cref="CompanionIds"/>). .bvecs holds whole numbers 0 to 255 and .ivecs whole numbers of
/// int32's range; a record with another component, or with a text key, is refused.
/// </summary>
public sealed class TexmexRecordWriter : RecordWriter
{
    private readonly Stream _data;
    private readonly CompanionIds.Writer _ids;
    private readonly InterchangeFormat _format;
    private readonly int _dimension;
    private readonly byte[] _row;

    public TexmexRecordWriter(Stream data, Stream ids, InterchangeFormat format, int dimension)
    {
        if (format is not (InterchangeFormat.Fvecs or InterchangeFormat.Ivecs or InterchangeFormat.Bvecs))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "A TEXMEX format is .fvecs, .ivecs or .bvecs.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        _data = data;
        _format = format;
        _dimension = dimension;
        _ids = new CompanionIds.Writer(ids);
        _row = new byte[4 + (dimension * (format == InterchangeFormat.Bvecs ? 1 : 4))];
        BinaryPrimitives.WriteInt32LittleEndian(_row, dimension);
    }

    /// <inheritdoc/>
    public override bool TryWrite(RowKey key, ReadOnlySpan<float> vector, ReadOnlySpan<byte> attributes, out string? problem)
    {
        if (ArrayKeys.Refuse(key, vector, _dimension, out problem))
        {
            return false;
        }

        var body = _row.AsSpan(4);
        switch (_format)
        {
            case InterchangeFormat.Fvecs when BitConverter.IsLittleEndian:
                MemoryMarshal.AsBytes(vector).CopyTo(body);
                break;
            case InterchangeFormat.Fvecs:
                for (var i = 0; i < vector.Length; i++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(body[(i * 4)..], vector[i]);
                }

                break;
            case InterchangeFormat.Bvecs:
                for (var i = 0; i < vector.Length; i++)
                {
                    var value = vector[i];
                    if (value is < 0 or > 255 || value != MathF.Floor(value))
                    {
                        problem = $"component {i + 1} ({value}) is not a whole number from 0 to 255, which is all .bvecs holds.";
                        return false;
                    }

                    body[i] = (byte)value;
                }

                break;
            default:
                for (var i = 0; i < vector.Length; i++)
                {
                    var value = vector[i];
                    if (value is < int.MinValue or >= 2147483648f || value != MathF.Floor(value))
                    {
                        problem = $"component {i + 1} ({value}) is not a whole number of int32's range, which is all .ivecs holds.";
                        return false;
                    }

                    BinaryPrimitives.WriteInt32LittleEndian(body[(i * 4)..], (int)value);
                }

                break;
        }

        _data.Write(_row);
        _ids.Add(key.Number);
        Written++;
        return true;
    }

    /// <inheritdoc/>
    public override void Complete()
    {
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
