using VelesDb.Engine;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>VelesDb's <see cref="MmapVectorStore"/> in its default, full durability.</summary>
internal sealed class VelesDbAdapter(Durability durability = Durability.Full) : IVectorStoreUnderTest
{
    private MmapVectorStore? _store;

    public string Name => durability == Durability.Full ? "VelesDb" : "VelesDb (Process)";

    public string Description => $"MmapVectorStore, Durability.{durability}; StoreBatch per batch, Store per single insert, DeleteBatch, Compact";

    public bool SupportsZeroCopy => true;

    /// <summary>The open store, for its metrics.</summary>
    public MmapVectorStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    public void Create(string directory, int dimension) =>
        _store = MmapVectorStore.Create(directory, dimension, new VectorStoreOptions { Durability = durability });

    public void Open(string directory, int dimension) =>
        _store = MmapVectorStore.Open(directory, new VectorStoreOptions { Durability = durability });

    public void InsertBatchDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors) => Store.StoreBatch(ids, vectors);

    public void InsertOneDurable(ulong id, ReadOnlySpan<float> vector) => Store.Store(id, vector);

    public bool Read(ulong id, Span<float> destination) => Store.TryRetrieve(id, destination);

    public float ReadZeroCopy(ulong id)
    {
        if (!Store.TryGetView(id, out var view))
        {
            return float.NaN;
        }

        using (view)
        {
            var vector = view.Vector;
            return vector[0] + vector[^1];
        }
    }

    public void DeleteBatch(ReadOnlySpan<ulong> ids) => Store.DeleteBatch(ids);

    public void Flush() => Store.Flush();

    public void Compact() => Store.Compact();

    public void Close()
    {
        _store?.Dispose();
        _store = null;
    }

    public void Dispose() => Close();
}
