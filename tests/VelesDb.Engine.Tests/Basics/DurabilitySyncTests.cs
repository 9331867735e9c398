using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// What each durability costs in syncs: Full syncs once per batch (twice when the batch is too
/// large to travel inside its log record) and a flush after it has nothing left to sync; Process
/// syncs nothing until a flush, which syncs the log alone when every deferred write travels inside
/// its log record (small batches, deletes) and both files when one does not.
/// </summary>
public sealed class DurabilitySyncTests : IDisposable
{
    private const int Dim = 1024;
    private readonly TempStoreDirectory _dir = new();
    private readonly FaultFileSystem _faults = new() { RealSync = true };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Full_durability_syncs_once_per_batch_and_process_durability_not_at_all()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults }))
        {
            var before = _faults.Syncs;
            var ids = Enumerable.Range(0, 1000).Select(i => (ulong)i).ToArray();
            store.StoreBatch(ids, new float[ids.Length * Dim]);
            Assert.Equal(2, _faults.Syncs - before); // the slots, then the log record naming them

            before = _faults.Syncs;
            store.StoreBatch([1, 2], new float[2 * Dim]);
            Assert.Equal(1, _faults.Syncs - before); // a small batch travels inside its log record

            before = _faults.Syncs;
            store.DeleteBatch(ids);
            Assert.Equal(1, _faults.Syncs - before);
        }

        var other = Path.Combine(_dir.Root, "process");
        using var fast = MmapVectorStore.Create(other, Dim, new VectorStoreOptions { FileSystem = _faults, Durability = Durability.Process });
        var start = _faults.Syncs;
        fast.Store(1, Vectors.For(1, Dim));
        fast.Delete(1);
        Assert.Equal(start, _faults.Syncs);
        fast.Flush();
        Assert.Equal(start + 1, _faults.Syncs); // the log carries the put's slot and the delete

        var batch = Enumerable.Range(0, 1000).Select(i => (ulong)i).ToArray();
        fast.StoreBatch(batch, new float[batch.Length * Dim]);
        start = _faults.Syncs;
        fast.Flush();
        Assert.Equal(start + 2, _faults.Syncs); // the batch's slots are only in the data file

        fast.Store(5000, Vectors.For(5000, Dim));
        start = _faults.Syncs;
        fast.Flush();
        Assert.Equal(start + 1, _faults.Syncs); // the large batch's slots were synced by the flush before
    }

    [Fact]
    public void A_full_durability_write_after_deferred_small_writes_syncs_only_the_log()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults });
        store.StoreBatch([1], Vectors.For(1, Dim), Durability.Process);
        store.DeleteBatch([1], Durability.Process);
        var before = _faults.Syncs;
        store.Store(2, Vectors.For(2, Dim));
        Assert.Equal(1, _faults.Syncs - before);

        store.StoreBatch(Enumerable.Range(10, 1000).Select(i => (ulong)i).ToArray(), new float[1000 * Dim], Durability.Process);
        before = _faults.Syncs;
        store.Store(3, Vectors.For(3, Dim));
        Assert.Equal(2, _faults.Syncs - before); // the deferred large batch's slots must be on disk before a record after it
    }

    [Fact]
    public void A_flush_after_only_full_durability_writes_syncs_nothing_and_after_a_deferred_write_syncs_what_it_left()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults });
        var ids = Enumerable.Range(0, 1000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, new float[ids.Length * Dim]);
        store.StoreBatch([1, 2], new float[2 * Dim]);
        store.DeleteBatch([3]);

        var before = _faults.Syncs;
        store.Flush();
        Assert.Equal(0, _faults.Syncs - before); // every call above returned durable

        store.DeleteBatch([4], Durability.Process);
        before = _faults.Syncs;
        store.Flush();
        Assert.Equal(1, _faults.Syncs - before);
        store.Flush();
        Assert.Equal(1, _faults.Syncs - before);

        store.StoreBatch(ids, new float[ids.Length * Dim], Durability.Process);
        before = _faults.Syncs;
        store.Flush();
        Assert.Equal(2, _faults.Syncs - before);
    }
}
