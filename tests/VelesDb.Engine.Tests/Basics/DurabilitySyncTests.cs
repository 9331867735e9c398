using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.FailedIo;

/// <summary>Failed growth, writes and syncs: nothing acknowledged is lost, nothing failed is acknowledged.</summary>
public sealed class FailureTests : IDisposable
{
    private const int Dim = 1024;
    private readonly TempStoreDirectory _dir = new();
    private readonly FaultFileSystem _faults = new() { RealSync = true };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_full_disk_during_growth_fails_the_write_and_changes_nothing()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults });
        store.Store(1, Vectors.For(1, Dim));
        _faults.FailOn = (op, name) => op == "Allocate";

        var ids = Enumerable.Range(100, 5000).Select(i => (ulong)i).ToArray();
        Assert.Throws<IOException>(() => store.StoreBatch(ids, new float[ids.Length * Dim]));
        Assert.Equal(1, store.Count);
        Assert.Equal(0.0, store.FragmentationRatio);

        _faults.FailOn = (_, _) => false;
        store.StoreBatch(ids, new float[ids.Length * Dim]);
        Assert.Equal(5001, store.Count);
        Assert.Equal(0.0, store.FragmentationRatio);
    }

    [Theory]
    [InlineData("Sync", StorePaths.WalFileName)]
    [InlineData("Sync", "vectors.000001.dat")]
    [InlineData("Write", StorePaths.WalFileName)]
    public void A_failed_log_write_or_sync_is_reported_and_the_store_refuses_writes_until_reopened(string operation, string file)
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults }))
        {
            store.Store(1, Vectors.For(1, Dim));
            _faults.FailOn = (op, name) => op == operation && name == file;

            ulong[] large = [.. Enumerable.Range(2, 20).Select(i => (ulong)i)];
            Assert.Throws<IOException>(() => store.StoreBatch(large, Vectors.Batch(large, Dim)));
            _faults.FailOn = (_, _) => false;
            Assert.Throws<StoreFailedException>(() => store.Store(99, Vectors.For(99, Dim)));
            Assert.Throws<StoreFailedException>(() => store.Delete(1));
            Assert.Equal(Vectors.For(1, Dim), store.Retrieve(1));
        }

        // The failed batch was never acknowledged: it may be there or not, but never in part.
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Vectors.For(1, Dim), reopened.Retrieve(1));
        Assert.Contains(reopened.Count, new long[] { 1, 21 });
        Assert.Null(reopened.Retrieve(99));
        reopened.Store(99, Vectors.For(99, Dim));
        Assert.Equal(Vectors.For(99, Dim), reopened.Retrieve(99));
    }

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
        Assert.Equal(start + 2, _faults.Syncs);
    }

    [Fact]
    public void A_flush_after_only_full_durability_writes_syncs_nothing_and_after_a_deferred_write_syncs_both_files()
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
        Assert.Equal(2, _faults.Syncs - before);
        store.Flush();
        Assert.Equal(2, _faults.Syncs - before);
    }

    [Theory]
    [InlineData("Write", "vectors.idx.tmp")]
    [InlineData("Sync", "vectors.idx.tmp")]
    [InlineData("Replace", StorePaths.IndexFileName)]
    public void A_checkpoint_that_fails_part_way_leaves_the_previous_index_whole(string operation, string file)
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults });
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        var indexBefore = File.ReadAllBytes(_dir.File(StorePaths.IndexFileName));
        _faults.FailOn = (op, name) => op == operation && name == file;

        Assert.Throws<StoreCloseFailedException>(store.Dispose);

        Assert.Equal(indexBefore, File.ReadAllBytes(_dir.File(StorePaths.IndexFileName)));
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Vectors.For(1, Dim), reopened.Retrieve(1));
        Assert.Equal(Vectors.For(2, Dim), reopened.Retrieve(2));
    }
}
