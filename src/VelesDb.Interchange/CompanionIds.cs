using System.Buffers.Binary;

namespace VelesDb.Interchange;

/// <summary>
/// The keys of an array file (.npy, .fvecs, .bvecs, .ivecs), which holds only vectors: a companion
/// file beside it named after it with <c>.ids.npy</c> in place of its extension (keys of
/// <c>base.fvecs</c> are in <c>base.ids.npy</c>), a 1-D NumPy array of N non-negative integers
/// (<c>&lt;u8</c>, <c>&lt;i8</c>, <c>&lt;u4</c> or <c>&lt;i4</c>), the key of row i at index i. Without
/// a companion, row i (counting from 0) has the key i. Export always writes one (<c>&lt;u8</c>).
/// </summary>
public static class CompanionIds
{
    /// <summary>The companion file of <paramref name="dataPath"/>.</summary>
    public static string PathFor(string dataPath)
    {
        ArgumentNullException.ThrowIfNull(dataPath);
        var folder = Path.GetDirectoryName(dataPath) ?? "";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(dataPath) + ".ids.npy");
    }

    /// <summary>Reads the keys of a companion file one at a time.</summary>
    public sealed class Reader : IDisposable
    {
        private readonly Stream _stream;
        private readonly NpyHeader _header;
        private readonly byte[] _item = new byte[8];
        private long _read;

        public Reader(Stream stream, string path)
        {
            _stream = stream;
            _header = NpyHeader.Read(stream, path);
            if (!_header.OneDimensional || _header.Descr[1] is not ('u' or 'i'))
            {
                throw new InterchangeFormatException(path, $"a companion key file holds a 1-D array of integers; this one holds '{_header.Descr}' of {(_header.OneDimensional ? 1 : 2)} dimensions.");
            }
        }

        /// <summary>Keys the file says it holds.</summary>
        public long Count => _header.Rows;

        /// <summary>The next key, or null with the reason when there is none or it is not a key.</summary>
        public ulong? Next(out string? problem)
        {
            problem = null;
            if (_read >= _header.Rows)
            {
                problem = $"the companion key file holds {_header.Rows:N0} keys, fewer than the rows.";
                return null;
            }

            var size = _header.ItemSize;
            if (_stream.ReadAtLeast(_item.AsSpan(0, size), size, throwOnEndOfStream: false) < size)
            {
                problem = "the companion key file is cut short.";
                _read = _header.Rows;
                return null;
            }

            _read++;
            switch (_header.Descr)
            {
                case "<u8":
                    return BinaryPrimitives.ReadUInt64LittleEndian(_item);
                case "<u4":
                    return BinaryPrimitives.ReadUInt32LittleEndian(_item);
                case "<i8":
                    var wide = BinaryPrimitives.ReadInt64LittleEndian(_item);
                    return wide >= 0 ? (ulong)wide : Negative(wide, out problem);
                default:
                    var narrow = BinaryPrimitives.ReadInt32LittleEndian(_item);
                    return narrow >= 0 ? (ulong)narrow : Negative(narrow, out problem);
            }
        }

        private static ulong? Negative(long value, out string? problem)
        {
            problem = $"its key in the companion file is {value}; keys are not negative.";
            return null;
        }

        /// <inheritdoc/>
        public void Dispose() => _stream.Dispose();
    }

    /// <summary>Writes keys to a companion file, filling in the count when complete.</summary>
    public sealed class Writer : IDisposable
    {
        private readonly Stream _stream;
        private readonly byte[] _item = new byte[8];
        private long _count;

        public Writer(Stream stream)
        {
            _stream = stream;
            NpyHeader.Write(stream, "<u8", 0, 1, oneDimensional: true);
        }

        /// <summary>Appends one key.</summary>
        public void Add(ulong key)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_item, key);
            _stream.Write(_item);
            _count++;
        }

        /// <summary>Fills in the count and flushes.</summary>
        public void Complete()
        {
            _stream.Flush();
            _stream.Position = 0;
            NpyHeader.Write(_stream, "<u8", _count, 1, oneDimensional: true);
            _stream.Seek(0, SeekOrigin.End);
            _stream.Flush();
        }

        /// <inheritdoc/>
        public void Dispose() => _stream.Dispose();
    }
}
