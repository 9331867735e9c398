using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VelesDb.Interchange;

/// <summary>
/// Reads the rows of a 2-D NumPy array (<see cref="NpyHeader"/>): float32 as they are, float64
/// rounded to the nearest float32 (a value beyond float32's range is a bad row). A file cut short
/// ends with a bad row naming where.
/// </summary>
public sealed class NpyRecordReader : ArrayRecordReader
{
    private readonly NpyHeader _header;
    private readonly byte[] _row;
    private readonly string _path;

    public NpyRecordReader(Stream data, string path, CompanionIds.Reader? ids)
        : base(data, ids)
    {
        _path = path;
        _header = NpyHeader.Read(data, path);
        if (_header.OneDimensional || _header.Descr[1] != 'f')
        {
            throw new InterchangeFormatException(path, $"vectors are a 2-D array of float32 or float64; this is '{_header.Descr}' of shape {(_header.OneDimensional ? $"({_header.Rows},)" : $"({_header.Rows}, {_header.Columns})")}.");
        }

        if ((long)_header.Columns * _header.ItemSize > 256L * 1024 * 1024)
        {
            throw new InterchangeFormatException(path, $"its rows have {_header.Columns:N0} components, more than a vector can.");
        }

        _row = new byte[_header.Columns * _header.ItemSize];
    }

    /// <summary>Rows the header declares.</summary>
    public long Rows => _header.Rows;

    /// <summary>Components per row.</summary>
    public int Dimension => _header.Columns;

    /// <inheritdoc/>
    protected override RowOutcome ReadVector()
    {
        if (Row > _header.Rows)
        {
            return RowOutcome.End;
        }

        var got = ReadFully(_row);
        if (got < _row.Length)
        {
            Bad($"'{_path}' ends {got} bytes into this row of {_row.Length}; the header declares {_header.Rows:N0} rows.");
            return RowOutcome.Last;
        }

        var vector = VectorBuffer(_header.Columns);
        if (_header.ItemSize == 4)
        {
            MemoryMarshal.Cast<byte, float>(_row).CopyTo(vector);
            if (!BitConverter.IsLittleEndian)
            {
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = BinaryPrimitives.ReadSingleLittleEndian(_row.AsSpan(i * 4));
                }
            }

            return RowOutcome.Row;
        }

        for (var i = 0; i < vector.Length; i++)
        {
            var wide = BinaryPrimitives.ReadDoubleLittleEndian(_row.AsSpan(i * 8));
            var narrow = (float)wide;
            if (double.IsFinite(wide) && !float.IsFinite(narrow))
            {
                Bad($"component {i + 1} ({wide}) is beyond the range of float32.");
                return RowOutcome.Row;
            }

            vector[i] = narrow;
        }

        return RowOutcome.Row;
    }
}
