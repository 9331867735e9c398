using System.Runtime.InteropServices;

namespace VelesDb.Benchmarks.Seed;

/// <summary>
/// The "before" column: a C# re-creation of the seed engine's design (the Rust MmapStorage this
/// project started from), kept to its behaviour, defects included, so the report shows what the
/// engine improved on. Files <c>vectors.dat</c> (raw float32 vectors, grown 16 MiB → ≥2× / +64 MiB),
/// <c>vectors.wal</c> (buffered, never synced, never replayed, no checksums; every vector written
/// a second time) and <c>vectors.idx</c> (the whole id → offset map, rewritten in place on every
/// flush). Flush = msync of the whole map + write out the WAL buffer + rewrite the index; that is
/// all the durability it has. On open, next_offset = max(offset) + vector size. Locks mirror the
/// seed's RwLocks (one for the index, one for the map, held by zero-copy guards).
/// </summary>
internal sealed class SeedMmapStorage : IDisposable
{
    private const long InitialSize = 16L * 1024 * 1024;
    private const long MinGrowth = 64L * 1024 * 1024;
    private const long GrowthFactor = 2;
    private const byte OpStore = 1;
    private const byte OpDelete = 2;
    private const byte OpBatchStore = 3;
    private const byte OpCompact = 4;

    private readonly string _path;
    private readonly int _vectorSize;
    private readonly ReaderWriterLockSlim _indexLock = new();
    private readonly ReaderWriterLockSlim _mmapLock = new();
    private readonly Lock _walLock = new();
    private readonly BufferedStream _wal;
    private Dictionary<ulong, long> _index;
    private FileStream _dataFile;
    private SeedMapping _mmap;
    private long _nextOffset;

    public SeedMmapStorage(string path, int dimension)
    {
        _path = path;
        Dimension = dimension;
        _vectorSize = dimension * sizeof(float);
        Directory.CreateDirectory(path);

        // 1. Data file, 16 MiB when new.
        _dataFile = new FileStream(System.IO.Path.Combine(path, "vectors.dat"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
        if (_dataFile.Length == 0)
        {
            _dataFile.SetLength(InitialSize);
        }

        _mmap = new SeedMapping(_dataFile);

        // 2. WAL: appended through an 8 KiB buffer (Rust's BufWriter default).
        var walFile = new FileStream(System.IO.Path.Combine(path, "vectors.wal"), FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        _wal = new BufferedStream(walFile, 8192);

        // 3. Index, and next_offset = max(offset) + size (deleted and overwritten slots ignored).
        var indexPath = System.IO.Path.Combine(path, "vectors.idx");
        if (File.Exists(indexPath))
        {
            _index = ReadIndex(indexPath);
            _nextOffset = _index.Count == 0 ? 0 : _index.Values.Max() + _vectorSize;
        }
        else
        {
            _index = [];
        }
    }

    public int Dimension { get; }

    public int Count
    {
        get
        {
            _indexLock.EnterReadLock();
            try
            {
                return _index.Count;
            }
            finally
            {
                _indexLock.ExitReadLock();
            }
        }
    }

    public void Store(ulong id, ReadOnlySpan<float> vector)
    {
        var vectorBytes = MemoryMarshal.AsBytes(vector);
        lock (_walLock)
        {
            _wal.WriteByte(OpStore);
            WriteUInt64(id);
            WriteUInt32((uint)vectorBytes.Length);
            _wal.Write(vectorBytes);
        }

        long offset;
        bool isNew;
        _indexLock.EnterReadLock();
        try
        {
            isNew = !_index.TryGetValue(id, out offset);
            if (isNew)
            {
                offset = Interlocked.Add(ref _nextOffset, _vectorSize) - _vectorSize;
            }
        }
        finally
        {
            _indexLock.ExitReadLock();
        }

        EnsureCapacity(offset + _vectorSize);
        WriteToMap(offset, vectorBytes);
        if (isNew)
        {
            WithIndexWrite(() => _index[id] = offset);
        }
    }

    public int StoreBatch(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors)
    {
        if (ids.IsEmpty)
        {
            return 0;
        }

        // 1. Offsets for the new ids, past next_offset.
        var newOffsets = new Dictionary<ulong, long>(ids.Length);
        var totalNewSize = 0L;
        _indexLock.EnterReadLock();
        try
        {
            foreach (var id in ids)
            {
                if (!_index.ContainsKey(id))
                {
                    newOffsets[id] = Volatile.Read(ref _nextOffset) + totalNewSize;
                    totalNewSize += _vectorSize;
                }
            }
        }
        finally
        {
            _indexLock.ExitReadLock();
        }

        // 2. Room for all of them at once.
        if (totalNewSize > 0)
        {
            EnsureCapacity(Volatile.Read(ref _nextOffset) + totalNewSize);
            _ = Interlocked.Add(ref _nextOffset, totalNewSize);
        }

        // 3. One WAL record for the batch: every vector's bytes, a first time.
        lock (_walLock)
        {
            _wal.WriteByte(OpBatchStore);
            WriteUInt32((uint)ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                WriteUInt64(ids[i]);
                WriteUInt32((uint)_vectorSize);
                _wal.Write(MemoryMarshal.AsBytes(vectors.Slice(i * Dimension, Dimension)));
            }
        }

        // 4. Every vector into the map: a second time.
        _indexLock.EnterReadLock();
        _mmapLock.EnterWriteLock();
        try
        {
            for (var i = 0; i < ids.Length; i++)
            {
                var offset = _index.TryGetValue(ids[i], out var existing) ? existing : newOffsets.GetValueOrDefault(ids[i]);
                MemoryMarshal.AsBytes(vectors.Slice(i * Dimension, Dimension)).CopyTo(_mmap.Bytes(offset, _vectorSize));
            }
        }
        finally
        {
            _mmapLock.ExitWriteLock();
            _indexLock.ExitReadLock();
        }

        // 5. The index.
        if (newOffsets.Count > 0)
        {
            WithIndexWrite(() =>
            {
                foreach (var (id, offset) in newOffsets)
                {
                    _index[id] = offset;
                }
            });
        }

        return ids.Length;
    }

    /// <summary>Like the seed's <c>retrieve</c>: a new array holding a copy of the vector, or null.</summary>
    public float[]? Retrieve(ulong id)
    {
        long offset;
        _indexLock.EnterReadLock();
        try
        {
            if (!_index.TryGetValue(id, out offset))
            {
                return null;
            }
        }
        finally
        {
            _indexLock.ExitReadLock();
        }

        _mmapLock.EnterReadLock();
        try
        {
            var vector = new float[Dimension];
            _mmap.Bytes(offset, _vectorSize).CopyTo(MemoryMarshal.AsBytes(vector.AsSpan()));
            return vector;
        }
        finally
        {
            _mmapLock.ExitReadLock();
        }
    }

    /// <summary>Like the seed's <c>retrieve_ref</c>: a view that holds the map's read lock until disposed.</summary>
    public bool TryRetrieveRef(ulong id, out SeedVectorGuard guard)
    {
        long offset;
        _indexLock.EnterReadLock();
        try
        {
            if (!_index.TryGetValue(id, out offset))
            {
                guard = default;
                return false;
            }
        }
        finally
        {
            _indexLock.ExitReadLock();
        }

        _mmapLock.EnterReadLock();
        var bytes = _mmap.Bytes(offset, _vectorSize);
        guard = new SeedVectorGuard(_mmapLock, MemoryMarshal.Cast<byte, float>(bytes));
        return true;
    }

    public void Delete(ulong id)
    {
        lock (_walLock)
        {
            _wal.WriteByte(OpDelete);
            WriteUInt64(id);
        }

        WithIndexWrite(() => _index.Remove(id));
    }

    /// <summary>msync the map, write out the WAL buffer (no fsync), rewrite the whole index in place (no fsync).</summary>
    public void Flush()
    {
        _mmapLock.EnterWriteLock();
        try
        {
            _mmap.Flush();
        }
        finally
        {
            _mmapLock.ExitWriteLock();
        }

        lock (_walLock)
        {
            _wal.Flush();
        }

        _indexLock.EnterReadLock();
        try
        {
            using var file = new FileStream(System.IO.Path.Combine(_path, "vectors.idx"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
            using var writer = new BinaryWriter(new BufferedStream(file, 8192));
            writer.Write((ulong)_index.Count);
            foreach (var (id, offset) in _index)
            {
                writer.Write(id);
                writer.Write((ulong)offset);
            }
        }
        finally
        {
            _indexLock.ExitReadLock();
        }
    }

    /// <summary>The seed's compaction: live vectors into vectors.dat.tmp, msync, rename, remap, then flush.</summary>
    public long Compact()
    {
        _indexLock.EnterReadLock();
        long bytesToReclaim;
        Dictionary<ulong, long> newIndex;
        long newOffset = 0;
        var tempPath = System.IO.Path.Combine(_path, "vectors.dat.tmp");
        try
        {
            var activeSize = (long)_index.Count * _vectorSize;
            var currentOffset = Volatile.Read(ref _nextOffset);
            if (_index.Count == 0 || currentOffset <= activeSize)
            {
                return 0;
            }

            bytesToReclaim = currentOffset - activeSize;
            using var tempFile = new FileStream(tempPath, FileMode.Create, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
            tempFile.SetLength(Math.Max(activeSize, InitialSize));
            using var tempMap = new SeedMapping(tempFile);
            newIndex = new Dictionary<ulong, long>(_index.Count);
            _mmapLock.EnterReadLock();
            try
            {
                foreach (var (id, oldOffset) in _index)
                {
                    _mmap.Bytes(oldOffset, _vectorSize).CopyTo(tempMap.Bytes(newOffset, _vectorSize));
                    newIndex[id] = newOffset;
                    newOffset += _vectorSize;
                }
            }
            finally
            {
                _mmapLock.ExitReadLock();
            }

            tempMap.Flush();
        }
        finally
        {
            _indexLock.ExitReadLock();
        }

        var dataPath = System.IO.Path.Combine(_path, "vectors.dat");
        _mmapLock.EnterWriteLock();
        try
        {
            _mmap.Dispose();
            _dataFile.Dispose();
            File.Move(tempPath, dataPath, overwrite: true);
            _dataFile = new FileStream(dataPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, bufferSize: 0);
            _mmap = new SeedMapping(_dataFile);
        }
        finally
        {
            _mmapLock.ExitWriteLock();
        }

        WithIndexWrite(() => _index = newIndex);
        Volatile.Write(ref _nextOffset, newOffset);
        lock (_walLock)
        {
            _wal.WriteByte(OpCompact);
            _wal.Flush();
        }

        Flush();
        return bytesToReclaim;
    }

    /// <summary>What dropping the Rust struct does: the WAL buffer is written out, the map is unmapped; the index is not saved.</summary>
    public void Dispose()
    {
        _wal.Dispose();
        _mmap.Dispose();
        _dataFile.Dispose();
        _indexLock.Dispose();
        _mmapLock.Dispose();
    }

    private void EnsureCapacity(long requiredLength)
    {
        _mmapLock.EnterWriteLock();
        try
        {
            if (_mmap.Length >= requiredLength)
            {
                return;
            }

            _mmap.Flush();
            var currentLength = _mmap.Length;
            var newLength = Math.Max(Math.Max(currentLength * GrowthFactor, requiredLength + MinGrowth), Math.Max(currentLength + MinGrowth, requiredLength));
            _mmap.Dispose();
            _dataFile.SetLength(newLength);
            _mmap = new SeedMapping(_dataFile);
        }
        finally
        {
            _mmapLock.ExitWriteLock();
        }
    }

    private void WriteToMap(long offset, ReadOnlySpan<byte> bytes)
    {
        _mmapLock.EnterWriteLock();
        try
        {
            bytes.CopyTo(_mmap.Bytes(offset, bytes.Length));
        }
        finally
        {
            _mmapLock.ExitWriteLock();
        }
    }

    private void WithIndexWrite(Action update)
    {
        _indexLock.EnterWriteLock();
        try
        {
            update();
        }
        finally
        {
            _indexLock.ExitWriteLock();
        }
    }

    private void WriteUInt64(ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _wal.Write(bytes);
    }

    private void WriteUInt32(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _wal.Write(bytes);
    }

    private static Dictionary<ulong, long> ReadIndex(string path)
    {
        using var reader = new BinaryReader(new BufferedStream(File.OpenRead(path), 1 << 16));
        var count = checked((int)reader.ReadUInt64());
        var index = new Dictionary<ulong, long>(count);
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadUInt64();
            index[id] = (long)reader.ReadUInt64();
        }

        return index;
    }
}
