using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>
/// The raw log of <see cref="RawLogAdapter"/> for records: the same append-only file and in-memory
/// id → offset dictionary, each record carrying its attribute bytes after its vector, and each
/// batch made durable with one fdatasync. What a store of records costs at least on this disk:
/// the same bytes VelesDb is given (vectors and attributes), written once, no checksum, no index.
/// <code>
/// | offset      | size  | field                          |
/// |           0 | 8     | id                             |
/// |           8 | 4     | attribute bytes (a)            |
/// |          12 | 4     | zero                           |
/// |          16 | 4*dim | the vector                     |
/// | 16 + 4*dim  | a     | the attributes, as given       |
/// </code>
/// </summary>
internal sealed class RawRecordLog : IDisposable
{
    private const int HeaderSize = 16;
    private const string FileName = "records.log";

    private readonly Dictionary<ulong, long> _offsets = [];
    private readonly FileStream _log;
    private readonly int _vectorBytes;
    private byte[] _buffer = [];

    private RawRecordLog(string directory, int dimension)
    {
        _vectorBytes = dimension * sizeof(float);
        _log = new FileStream(Path.Combine(directory, FileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        DurableFiles.SyncDirectory(directory);
    }

    public static string Name => "raw log";

    /// <summary>A new, empty log in <paramref name="directory"/>, which exists.</summary>
    public static RawRecordLog Create(string directory, int dimension) => new(directory, dimension);

    /// <summary>Appends a batch of records as one write and one fdatasync.</summary>
    public void AppendDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors, ReadOnlySpan<ReadOnlyMemory<byte>> attributes)
    {
        var total = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            total += HeaderSize + _vectorBytes + attributes[i].Length;
        }

        var bytes = Rent(total);
        var start = _log.Position;
        var at = 0;
        var dimension = _vectorBytes / sizeof(float);
        for (var i = 0; i < ids.Length; i++)
        {
            var record = bytes.AsSpan(at);
            BinaryPrimitives.WriteUInt64LittleEndian(record, ids[i]);
            BinaryPrimitives.WriteInt32LittleEndian(record[8..], attributes[i].Length);
            BinaryPrimitives.WriteInt32LittleEndian(record[12..], 0);
            MemoryMarshal.AsBytes(vectors.Slice(i * dimension, dimension)).CopyTo(record[HeaderSize..]);
            attributes[i].Span.CopyTo(record[(HeaderSize + _vectorBytes)..]);
            _offsets[ids[i]] = start + at;
            at += HeaderSize + _vectorBytes + attributes[i].Length;
        }

        _log.Write(bytes, 0, total);
        DurableFiles.DataSync(_log.SafeFileHandle);
    }

    /// <summary>The vector and attribute bytes stored for <paramref name="id"/>, read back from the file.</summary>
    public (float[] Vector, byte[] Attributes)? Read(ulong id)
    {
        if (!_offsets.TryGetValue(id, out var offset))
        {
            return null;
        }

        var header = new byte[HeaderSize];
        _ = RandomAccess.Read(_log.SafeFileHandle, header, offset);
        var vector = new float[_vectorBytes / sizeof(float)];
        _ = RandomAccess.Read(_log.SafeFileHandle, MemoryMarshal.AsBytes(vector.AsSpan()), offset + HeaderSize);
        var attributes = new byte[BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8))];
        _ = RandomAccess.Read(_log.SafeFileHandle, attributes, offset + HeaderSize + _vectorBytes);
        return (vector, attributes);
    }

    public void Dispose() => _log.Dispose();

    private byte[] Rent(int size)
    {
        if (_buffer.Length < size)
        {
            _buffer = new byte[size];
        }

        return _buffer;
    }
}
