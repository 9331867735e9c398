using VelesDb.Benchmarks.Seed;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>
/// The seed's design (<see cref="SeedMmapStorage"/>), driven as its own API allows: a durable
/// step is a write followed by its <c>flush</c>, which rewrites the whole index; a copying read
/// is <c>retrieve</c>, which returns a new array.
/// </summary>
internal sealed class SeedDesignAdapter : IVectorStoreUnderTest
{
    private SeedMmapStorage? _storage;

    public string Name => "seed design";

    public string Description => "C# re-creation of the seed MmapStorage: unsynced, unchecksummed WAL + in-place mmap writes; flush = msync + rewrite the whole index; next_offset = max + size";

    public bool SupportsZeroCopy => true;

    private SeedMmapStorage Storage => _storage ?? throw new InvalidOperationException("The store is not open.");

    public void Create(string directory, int dimension) => _storage = new SeedMmapStorage(directory, dimension);

    public void Open(string directory, int dimension) => _storage = new SeedMmapStorage(directory, dimension);

    public void InsertBatchDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors)
    {
        _ = Storage.StoreBatch(ids, vectors);
        Storage.Flush();
    }

    public void InsertOneDurable(ulong id, ReadOnlySpan<float> vector)
    {
        Storage.Store(id, vector);
        Storage.Flush();
    }

    public bool Read(ulong id, Span<float> destination)
    {
        var vector = Storage.Retrieve(id);
        if (vector is null)
        {
            return false;
        }

        vector.CopyTo(destination);
        return true;
    }

    public float ReadZeroCopy(ulong id)
    {
        if (!Storage.TryRetrieveRef(id, out var guard))
        {
            return float.NaN;
        }

        using (guard)
        {
            return guard.Vector[0] + guard.Vector[^1];
        }
    }

    public void DeleteBatch(ReadOnlySpan<ulong> ids)
    {
        foreach (var id in ids)
        {
            Storage.Delete(id);
        }
    }

    public void Flush() => Storage.Flush();

    public void Compact() => _ = Storage.Compact();

    /// <summary>The seed saves its index only in flush, so a clean close is flush, then drop.</summary>
    public void Close()
    {
        if (_storage is null)
        {
            return;
        }

        _storage.Flush();
        _storage.Dispose();
        _storage = null;
    }

    public void Dispose()
    {
        _storage?.Dispose();
        _storage = null;
    }
}
