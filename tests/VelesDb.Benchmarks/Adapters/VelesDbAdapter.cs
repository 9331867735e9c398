using VelesDb.Engine;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>VelesDb's <see cref="MmapVectorStore"/> in its default, full durability.</summary>
internal sealed class VelesDbAdapter(Durability durability = Durability.Full) : IVectorStoreUnderTest
{
    private MmapVectorStore? _store;

    /// <summary>One reader for a run of reads, as LMDB's adapter keeps one read transaction; ended before any write.</summary>
    private VectorReader? _reader;

    public string Name => durability == Durability.Full ? "VelesDb" : "VelesDb (Process)";

    public string Description => $"MmapVectorStore, Durability.{durability}; StoreBatch per batch, Store per single insert, reads through one VectorReader (TryCopy, TryGetVector), DeleteBatch, Compact";

    public bool SupportsZeroCopy => true;

    /// <summary>The open store, for its metrics.</summary>
    public MmapVectorStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    public void Create(string directory, int dimension) =>
        _store = MmapVectorStore.Create(directory, dimension, new VectorStoreOptions { Durability = durability });

    public void Open(string directory, int dimension) =>
        _store = MmapVectorStore.Open(directory, new VectorStoreOptions { Durability = durability });

    public void InsertBatchDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors)
    {
        EndRead();
        Store.StoreBatch(ids, vectors);
    }

    public void InsertOneDurable(ulong id, ReadOnlySpan<float> vector)
    {
        EndRead();
        Store.Store(id, vector);
    }

    public bool Read(ulong id, Span<float> destination) => Reader().TryCopy(id, destination);

    public float ReadZeroCopy(ulong id) =>
        Reader().TryGetVector(id, out var vector) ? vector[0] + vector[^1] : float.NaN;

    public void DeleteBatch(ReadOnlySpan<ulong> ids)
    {
        EndRead();
        Store.DeleteBatch(ids);
    }

    public void Flush()
    {
        EndRead();
        Store.Flush();
    }

    public void Compact()
    {
        EndRead();
        Store.Compact();
    }

    public void Close()
    {
        EndRead();
        _store?.Dispose();
        _store = null;
    }

    private VectorReader Reader() => _reader ??= Store.OpenReader();

    private void EndRead()
    {
        _reader?.Dispose();
        _reader = null;
    }

    public void Dispose() => Close();
}
