using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

public sealed class CompactionTests : IDisposable
{
    private const int Dim = 16;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Compaction_reclaims_dead_slots_and_keeps_every_live_vector()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var ids = Enumerable.Range(0, 1000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        store.DeleteBatch(ids.Where(id => id % 2 == 0).ToArray());
        store.StoreBatch([1, 3], Vectors.Batch([1, 3], Dim, version: 1));
        Assert.True(store.FragmentationRatio > 0.5);

        var progress = new List<double>();
        var result = store.Compact(new SynchronousProgress(progress.Add));

        Assert.Equal(500, result.VectorsMoved);
        Assert.Equal(502, result.DeadSlotsRemoved);
        Assert.True(result.BytesReclaimed > 0);
        Assert.Equal(1.0, progress[^1]);
        Assert.Equal(0.0, store.FragmentationRatio);
        AssertContents(store, 500);

        store.Store(2000, Vectors.For(2000, Dim));
        store.Dispose();
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        AssertContents(reopened, 501);
        Assert.Equal(Vectors.For(2000, Dim), reopened.Retrieve(2000));
        Assert.Single(Directory.GetFiles(_dir.StorePath, StorePaths.DataFilePattern));
    }

    [Fact]
    public void The_replaced_data_files_are_gone_once_the_store_closes()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var ids = Enumerable.Range(0, 1000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        for (var round = 1; round <= 2; round++)
        {
            store.StoreBatch(ids, Vectors.Batch(ids, Dim, version: round));
            _ = store.Compact();
        }

        store.Dispose();
        Assert.Equal(["vectors.000003.dat"], Directory.GetFiles(_dir.StorePath, StorePaths.DataFilePattern).Select(Path.GetFileName));
    }

    [Fact]
    public void Compaction_with_nothing_dead_rewrites_nothing()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));

        var result = store.Compact();

        Assert.True(result.Skipped);
        Assert.Equal(0, result.BytesReclaimed);
    }

    [Theory]
    [InlineData("Write", "vectors.000002.dat")]
    [InlineData("Sync", "vectors.000002.dat")]
    [InlineData("Write", "vectors.idx.tmp")]
    [InlineData("Replace", "vectors.idx")]
    public void A_compaction_that_fails_before_the_switch_leaves_the_old_store_intact(string operation, string file)
    {
        var faults = new FaultFileSystem { RealSync = true };
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = faults }))
        {
            store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
            store.Delete(2);
            var armed = true;
            faults.FailOn = (op, name) => armed && op == operation && name == file;
            Assert.Throws<IOException>(() => store.Compact());
            armed = false;
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(2, reopened.Count);
        Assert.Equal(Vectors.For(3, Dim), reopened.Retrieve(3));
        Assert.Equal(["vectors.000001.dat"], Directory.GetFiles(_dir.StorePath, StorePaths.DataFilePattern).Select(Path.GetFileName));
    }

    [Fact]
    public void A_crash_right_after_the_switch_opens_the_new_generation()
    {
        var faults = new FaultFileSystem { RealSync = true };
        string snapshot;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = faults }))
        {
            store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
            store.Delete(2);
            var reset = 0;
            faults.FailOn = (op, name) => op == "SetLength" && name == StorePaths.WalFileName && ++reset == 2;
            Assert.Throws<IOException>(() => store.Compact());
            snapshot = _dir.SnapshotAsAfterKill();
            Assert.Throws<StoreFailedException>(() => store.Store(9, Vectors.For(9, Dim)));
            faults.FailOn = (_, _) => false;
        }

        using var reopened = MmapVectorStore.Open(snapshot);
        Assert.Equal(2, reopened.Count);
        Assert.Equal(Vectors.For(1, Dim), reopened.Retrieve(1));
        Assert.Equal(Vectors.For(3, Dim), reopened.Retrieve(3));
        Assert.Equal(0.0, reopened.FragmentationRatio);
    }

    private static void AssertContents(MmapVectorStore store, long expectedCount)
    {
        Assert.Equal(expectedCount, store.Count);
        for (ulong id = 1; id < 1000; id += 2)
        {
            Assert.Equal(Vectors.For(id, Dim, version: id is 1 or 3 ? 1 : 0), store.Retrieve(id));
        }

        Assert.Null(store.Retrieve(0));
    }

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
