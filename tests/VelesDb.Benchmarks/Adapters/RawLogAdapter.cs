using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>
/// The physical limit of a log-structured store: one append-only file written with
/// <see cref="FileStream"/> and made durable with <c>Flush(true)</c>, plus an in-memory id → offset
/// dictionary. No checksums, no checkpoint: reopening scans the whole log.
/// <code>
/// | offset | size  | field                      |
/// |      0 | 8     | id                         |
/// |      8 | 4     | 0 = put, 1 = delete        |
/// |     12 | 4     | zero                       |
/// |     16 | 4*dim | the vector (puts only)     |
/// </code>
/// </summary>
internal sealed class RawLogAdapter : IVectorStoreUnderTest
{
    private const int HeaderSize = 16;
    private const int Put = 0;
    private const int Tombstone = 1;
    private const string FileName = "vectors.log";

    private readonly Dictionary<ulong, long> _offsets = [];
    private FileStream? _log;
    private string _directory = "";
    private int _vectorBytes;
    private byte[] _buffer = [];

    public string Name => "raw log";

    public string Description => "append-only FileStream, Flush(true) per durable step, in-memory id → offset dictionary, reopen scans the log";

    public bool SupportsZeroCopy => false;

    private FileStream Log => _log ?? throw new InvalidOperationException("The log is not open.");

    public void Create(string directory, int dimension) => OpenLog(directory, dimension, FileMode.CreateNew);

    public void Open(string directory, int dimension)
    {
        OpenLog(directory, dimension, FileMode.Open);
        Scan();
    }

    public void InsertBatchDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors)
    {
        var recordSize = HeaderSize + _vectorBytes;
        var bytes = Rent(ids.Length * recordSize);
        var start = Log.Position;
        for (var i = 0; i < ids.Length; i++)
        {
            var record = bytes.AsSpan(i * recordSize, recordSize);
            WriteHeader(record, ids[i], Put);
            MemoryMarshal.AsBytes(vectors.Slice(i * (_vectorBytes / sizeof(float)), _vectorBytes / sizeof(float))).CopyTo(record[HeaderSize..]);
        }

        Log.Write(bytes, 0, ids.Length * recordSize);
        Log.Flush(flushToDisk: true);
        for (var i = 0; i < ids.Length; i++)
        {
            _offsets[ids[i]] = start + (i * recordSize) + HeaderSize;
        }
    }

    public void InsertOneDurable(ulong id, ReadOnlySpan<float> vector) => InsertBatchDurable([id], vector);

    public bool Read(ulong id, Span<float> destination)
    {
        if (!_offsets.TryGetValue(id, out var offset))
        {
            return false;
        }

        var bytes = MemoryMarshal.AsBytes(destination[..(_vectorBytes / sizeof(float))]);
        return RandomAccess.Read(Log.SafeFileHandle, bytes, offset) == bytes.Length;
    }

    public float ReadZeroCopy(ulong id) => throw new NotSupportedException("A file log hands out no view into its bytes.");

    public void DeleteBatch(ReadOnlySpan<ulong> ids)
    {
        var bytes = Rent(ids.Length * HeaderSize);
        for (var i = 0; i < ids.Length; i++)
        {
            WriteHeader(bytes.AsSpan(i * HeaderSize, HeaderSize), ids[i], Tombstone);
        }

        Log.Write(bytes, 0, ids.Length * HeaderSize);
        Log.Flush(flushToDisk: true);
        foreach (var id in ids)
        {
            _ = _offsets.Remove(id);
        }
    }

    /// <summary>
    /// Writes one tombstone straight to the file, unsynced: it survives the process, not a power
    /// loss, until <see cref="Flush"/>, as a write in the engine's Process durability does.
    /// </summary>
    public void DeleteOneUnsynced(ulong id)
    {
        Span<byte> tombstone = stackalloc byte[HeaderSize];
        WriteHeader(tombstone, id, Tombstone);
        Log.Write(tombstone);
        _ = _offsets.Remove(id);
    }

    public void Flush() => Log.Flush(flushToDisk: true);

    /// <summary>Copies the live records, in log order, into a new log; syncs it; renames it over the old one.</summary>
    public void Compact()
    {
        var recordSize = HeaderSize + _vectorBytes;
        var live = _offsets.OrderBy(pair => pair.Value).ToArray();
        var target = Path.Combine(_directory, FileName + ".compact");
        const int chunkRecords = 4096;
        var chunk = new byte[chunkRecords * recordSize];
        using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            var written = 0;
            for (var i = 0; i < live.Length; i++)
            {
                var record = chunk.AsSpan(written * recordSize, recordSize);
                _ = RandomAccess.Read(Log.SafeFileHandle, record, live[i].Value - HeaderSize);
                _offsets[live[i].Key] = (((long)i) * recordSize) + HeaderSize;
                if (++written == chunkRecords)
                {
                    output.Write(chunk, 0, written * recordSize);
                    written = 0;
                }
            }

            output.Write(chunk, 0, written * recordSize);
            output.Flush(flushToDisk: true);
        }

        Log.Dispose();
        File.Move(target, Path.Combine(_directory, FileName), overwrite: true);
        DurableFiles.SyncDirectory(_directory);
        _log = OpenStream(FileMode.Open);
        _ = _log.Seek(0, SeekOrigin.End);
    }

    public void Close()
    {
        _log?.Dispose();
        _log = null;
        _offsets.Clear();
    }

    public void Dispose() => Close();

    private void OpenLog(string directory, int dimension, FileMode mode)
    {
        _directory = directory;
        _vectorBytes = dimension * sizeof(float);
        _offsets.Clear();
        _log = OpenStream(mode);
        _ = _log.Seek(0, SeekOrigin.End);
        if (mode == FileMode.CreateNew)
        {
            DurableFiles.SyncDirectory(directory);
        }
    }

    private FileStream OpenStream(FileMode mode) =>
        new(Path.Combine(_directory, FileName), mode, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    /// <summary>Rebuilds the dictionary by reading the whole log in large sequential chunks.</summary>
    private void Scan()
    {
        var handle = Log.SafeFileHandle;
        var length = Log.Length;
        var chunk = new byte[8 << 20];
        var position = 0L;
        while (position < length)
        {
            var read = RandomAccess.Read(handle, chunk, position);
            var at = 0;
            while (at + HeaderSize <= read)
            {
                var id = BinaryPrimitives.ReadUInt64LittleEndian(chunk.AsSpan(at));
                var op = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(at + 8));
                if (op == Tombstone)
                {
                    _ = _offsets.Remove(id);
                    at += HeaderSize;
                    continue;
                }

                if (at + HeaderSize + _vectorBytes > read)
                {
                    break;
                }

                _offsets[id] = position + at + HeaderSize;
                at += HeaderSize + _vectorBytes;
            }

            if (at == 0)
            {
                throw new InvalidDataException($"The log ends in a torn record at offset {position}.");
            }

            position += at;
        }
    }

    private static void WriteHeader(Span<byte> record, ulong id, int op)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(record, id);
        BinaryPrimitives.WriteInt32LittleEndian(record[8..], op);
        BinaryPrimitives.WriteInt32LittleEndian(record[12..], 0);
    }

    private byte[] Rent(int size)
    {
        if (_buffer.Length < size)
        {
            _buffer = new byte[size];
        }

        return _buffer;
    }
}
