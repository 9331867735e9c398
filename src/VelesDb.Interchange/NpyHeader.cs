using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace VelesDb.Interchange;

/// <summary>
/// The header of a NumPy .npy file (format versions 1.0, 2.0 and 3.0), read and written.
/// </summary>
/// <remarks>
/// <code>
/// offset  size  field
/// 0       6     magic: 0x93 'N' 'U' 'M' 'P' 'Y'
/// 6       1     major version: 1, 2 or 3
/// 7       1     minor version: 0
/// 8       2|4   header length H: uint16 LE (version 1) or uint32 LE (versions 2 and 3)
/// 10|12   H     a Python dict literal, ASCII (UTF-8 in version 3), padded with spaces and ended
///               by '\n' so that the data starts at a multiple of 64 bytes:
///               {'descr': '&lt;f4', 'fortran_order': False, 'shape': (N, D), }
/// then          N*D items of the dtype, row after row (C order)
/// </code>
/// Read here: little-endian (or byte-order-free) float32 <c>&lt;f4</c> and float64 <c>&lt;f8</c> as
/// vectors, and integer dtypes (<c>&lt;u8 &lt;i8 &lt;u4 &lt;i4</c>) for key files; 2-D arrays for
/// vectors, 1-D for keys; C order only. Written: version 1.0, <c>&lt;f4</c> or <c>&lt;u8</c>, with
/// the header padded to a fixed size so the row count can be filled in when the data is complete.
/// </remarks>
public sealed partial record NpyHeader(string Descr, long Rows, int Columns, bool OneDimensional, long DataOffset)
{
    /// <summary>The header's size as written: room for a row count of 20 digits.</summary>
    public const int WrittenSize = 128;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Bytes per item of <see cref="Descr"/>.</summary>
    public int ItemSize => Descr[2] - '0';

    /// <summary>Reads the header at the start of <paramref name="stream"/>, leaving the stream at the data.</summary>
    public static NpyHeader Read(Stream stream, string path)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix[..10], 10, throwOnEndOfStream: false) < 10 || !prefix[..6].SequenceEqual(Magic))
        {
            throw new InterchangeFormatException(path, "it is not a NumPy .npy file (its first bytes are not \\x93NUMPY).");
        }

        var major = prefix[6];
        long headerLength;
        long dataOffset;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]);
            dataOffset = 10 + headerLength;
        }
        else if (major is 2 or 3)
        {
            if (stream.ReadAtLeast(prefix[10..12], 2, throwOnEndOfStream: false) < 2)
            {
                throw new InterchangeFormatException(path, "its header is cut short.");
            }

            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
            dataOffset = 12 + headerLength;
        }
        else
        {
            throw new InterchangeFormatException(path, $"it is .npy format version {major}.{prefix[7]}; versions 1, 2 and 3 are read.");
        }

        if (headerLength > 1024 * 1024)
        {
            throw new InterchangeFormatException(path, $"its header claims {headerLength:N0} bytes; a .npy header is a few hundred.");
        }

        var text = new byte[headerLength];
        if (stream.ReadAtLeast(text, text.Length, throwOnEndOfStream: false) < text.Length)
        {
            throw new InterchangeFormatException(path, "its header is cut short.");
        }

        return Parse(Encoding.UTF8.GetString(text), dataOffset, path);
    }

    private static NpyHeader Parse(string dict, long dataOffset, string path)
    {
        var descr = DescrPattern().Match(dict);
        var order = OrderPattern().Match(dict);
        var shape = ShapePattern().Match(dict);
        if (!descr.Success || !order.Success || !shape.Success)
        {
            throw new InterchangeFormatException(path, $"its header is not a NumPy header dict: {dict.Trim()}");
        }

        if (order.Groups[1].Value == "True")
        {
            throw new InterchangeFormatException(path, "its array is in Fortran (column-major) order; save it in C order (numpy.ascontiguousarray).");
        }

        var type = descr.Groups[1].Value;
        if (type[0] == '|' || type[0] == '=')
        {
            type = "<" + type[1..];
        }

        if (type is not ("<f4" or "<f8" or "<u8" or "<i8" or "<u4" or "<i4"))
        {
            throw new InterchangeFormatException(path, $"its dtype is '{descr.Groups[1].Value}'; little-endian float32 ('<f4') or float64 ('<f8') vectors, or integer keys, are read.");
        }

        var dims = shape.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var sizes = new long[dims.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            if (!long.TryParse(dims[i], NumberStyles.None, CultureInfo.InvariantCulture, out sizes[i]))
            {
                throw new InterchangeFormatException(path, $"its shape ({shape.Groups[1].Value}) is not a tuple of sizes.");
            }
        }

        return sizes.Length switch
        {
            1 => new NpyHeader(type, sizes[0], 1, true, dataOffset),
            2 when sizes[1] is > 0 and <= int.MaxValue => new NpyHeader(type, sizes[0], (int)sizes[1], false, dataOffset),
            _ => throw new InterchangeFormatException(path, $"its shape is ({shape.Groups[1].Value}); vectors are a 2-D array (rows, dimension) and keys a 1-D array."),
        };
    }

    /// <summary>Writes a version 1.0 header of exactly <see cref="WrittenSize"/> bytes.</summary>
    public static void Write(Stream stream, string descr, long rows, int columns, bool oneDimensional)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var shape = oneDimensional ? $"({rows},)" : $"({rows}, {columns})";
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shape}, }}";
        var text = dict.PadRight(WrittenSize - 10 - 1) + "\n";
        Span<byte> header = stackalloc byte[WrittenSize];
        Magic.CopyTo(header);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..10], (ushort)text.Length);
        Encoding.ASCII.GetBytes(text, header[10..]);
        stream.Write(header);
    }

    [GeneratedRegex(@"['""]descr['""]\s*:\s*['""]([<>|=][a-zA-Z]\d+)['""]")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"['""]fortran_order['""]\s*:\s*(True|False)")]
    private static partial Regex OrderPattern();

    [GeneratedRegex(@"['""]shape['""]\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
