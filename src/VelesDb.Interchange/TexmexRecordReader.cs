using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VelesDb.Interchange;

/// <summary>
/// Reads TEXMEX vector files, the format of the SIFT and GIST benchmark sets.
/// </summary>
/// <remarks>
/// <code>
/// each row, repeated to the end of the file, no header:
/// offset  size    field
/// 0       4       d: the row's dimension, int32 LE (1 to 1,048,576 read here)
/// 4       d*s     d components: .fvecs float32 LE (s = 4), .ivecs int32 LE (s = 4), .bvecs uint8 (s = 1)
/// </code>
/// int32 components beyond ±2^24 are bad rows (float32 cannot hold them exactly). A row whose
/// dimension field is out of range, or a file cut short inside a row, ends reading with a bad row:
/// nothing after it can be found.
/// </remarks>
public sealed class TexmexRecordReader : ArrayRecordReader
{
    /// <summary>The largest dimension field read.</summary>
    public const int MaxDimension = 1 << 20;

    private readonly InterchangeFormat _format;
    private readonly int _size;
    private readonly string _path;
    private byte[] _row = new byte[1024];

    public TexmexRecordReader(Stream data, string path, InterchangeFormat format, CompanionIds.Reader? ids)
        : base(data, ids)
    {
        if (format is not (InterchangeFormat.Fvecs or InterchangeFormat.Ivecs or InterchangeFormat.Bvecs))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "A TEXMEX format is .fvecs, .ivecs or .bvecs.");
        }

        _format = format;
        _size = format == InterchangeFormat.Bvecs ? 1 : 4;
        _path = path;
    }

    /// <inheritdoc/>
    protected override RowOutcome ReadVector()
    {
        Span<byte> head = stackalloc byte[4];
        var got = ReadFully(head);
        if (got == 0)
        {
            return RowOutcome.End;
        }

        if (got < 4)
        {
            Bad($"'{_path}' ends {got} bytes into this row's dimension field.");
            return RowOutcome.Last;
        }

        var dimension = BinaryPrimitives.ReadInt32LittleEndian(head);
        if (dimension is <= 0 or > MaxDimension)
        {
            Bad($"its dimension field says {dimension}; it must be 1 to {MaxDimension:N0}. The file is damaged or not {_format.ToString().ToLowerInvariant()}, and nothing after this row can be read.");
            return RowOutcome.Last;
        }

        var length = dimension * _size;
        if (_row.Length < length)
        {
            _row = new byte[length];
        }

        var bytes = _row.AsSpan(0, length);
        got = ReadFully(bytes);
        if (got < length)
        {
            Bad($"'{_path}' ends {got} bytes into this row's {length} bytes of components.");
            return RowOutcome.Last;
        }

        var vector = VectorBuffer(dimension);
        switch (_format)
        {
            case InterchangeFormat.Fvecs when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(vector);
                break;
            case InterchangeFormat.Fvecs:
                for (var i = 0; i < dimension; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                }

                break;
            case InterchangeFormat.Bvecs:
                for (var i = 0; i < dimension; i++)
                {
                    vector[i] = bytes[i];
                }

                break;
            default:
                for (var i = 0; i < dimension; i++)
                {
                    var value = BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]);
                    if (value is > 1 << 24 or < -(1 << 24))
                    {
                        Bad($"component {i + 1} ({value}) is beyond ±2^24, which float32 cannot hold exactly.");
                        return RowOutcome.Row;
                    }

                    vector[i] = value;
                }

                break;
        }

        return RowOutcome.Row;
    }
}
