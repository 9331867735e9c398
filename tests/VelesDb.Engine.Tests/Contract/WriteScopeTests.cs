using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Contract;

/// <summary>The embedded engine's write scope: batching, order, group commit, per-record validation.</summary>
public sealed class WriteScopeTests : IDisposable
{
    private const int Dim = 16;
    private readonly TempStoreDirectory _dir = new();
    private readonly FaultFileSystem _faults = new() { RealSync = true };

    public void Dispose() => _dir.Dispose();

    private MmapVectorStore CreateStore(Durability durability = Durability.Full) =>
        MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults, Durability = durability });

    [Theory]
    [InlineData(100, 1)] // each batch travels inside its log record: the log alone is synced
    [InlineData(1000, 2)] // too large for its log record: one sync of the log and one of the data file
    public void Many_batches_in_full_durability_cost_one_flush_at_commit_and_survive_reopen(int batchSize, int syncs)
    {
        using (var store = CreateStore())
        {
            using var scope = store.BeginWrite(new WriteScopeOptions { BatchSize = batchSize });
            for (ulong id = 0; id < 10_000; id++)
            {
                scope.Add(id, Vectors.For(id, Dim));
            }

            var before = _faults.Syncs;
            scope.Commit();
            var atCommit = _faults.Syncs - before;

            Assert.Equal(syncs, atCommit);
            Assert.Equal(10_000, scope.StoredCount);
            Assert.Equal(10_000, store.Count);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(10_000, reopened.Count);
        Assert.Equal(Vectors.For(9999, Dim), reopened.Retrieve(9999));
    }

    [Fact]
    public void Adds_and_removes_apply_in_the_order_they_were_queued()
    {
        using var store = CreateStore();
        using (var scope = store.BeginWrite(new WriteScopeOptions { BatchSize = 3 }))
        {
            scope.Add(1, Vectors.For(1, Dim));
            scope.Add(2, Vectors.For(2, Dim));
            scope.Remove(1);
            scope.Add(1, Vectors.For(1, Dim, version: 1));
            scope.Remove(2);
            scope.Remove(3);
            scope.Commit();
            Assert.Equal(2, scope.RemovedCount);
        }

        Assert.Equal([1UL], store.Ids());
        Assert.Equal(Vectors.For(1, Dim, version: 1), store.Retrieve(1));
    }

    [Fact]
    public void Removed_count_counts_only_keys_that_were_stored()
    {
        using var store = CreateStore();
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        using var scope = store.BeginWrite();
        scope.Remove(1);
        scope.Remove(7);
        scope.Commit();
        Assert.Equal(1, scope.RemovedCount);
        Assert.Equal([2UL], store.Ids());
    }

    [Fact]
    public void Disposing_a_scope_without_commit_stores_and_flushes_what_was_queued()
    {
        using (var store = CreateStore())
        {
            var scope = store.BeginWrite();
            scope.Add(5, Vectors.For(5, Dim));
            var before = _faults.Syncs;
            scope.Dispose();
            Assert.True(_faults.Syncs > before);
            Assert.True(store.Contains(5));
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Vectors.For(5, Dim), reopened.Retrieve(5));
    }

    [Fact]
    public void A_bad_record_is_refused_alone_with_its_key_in_the_message_and_nothing_of_it_is_queued()
    {
        using var store = CreateStore();
        using var scope = store.BeginWrite();
        scope.Add(1, Vectors.For(1, Dim));

        var wrongLength = Assert.Throws<DimensionMismatchException>(() => scope.Add(2, new float[Dim - 1]));
        Assert.Contains("Vector 2 has 15 components", wrongLength.Message, StringComparison.Ordinal);

        var nan = Vectors.For(3, Dim);
        nan[4] = float.NaN;
        var notFinite = Assert.Throws<InvalidVectorException>(() => scope.Add(3, nan));
        Assert.Contains("Vector 3 cannot be used: component 4 is NaN", notFinite.Message, StringComparison.Ordinal);
        Assert.Equal(3UL, notFinite.Id);

        scope.Add(4, Vectors.For(4, Dim));
        scope.Commit();
        Assert.Equal([1UL, 4UL], store.Ids().Order());
    }

    [Fact]
    public void Reported_records_come_back_in_order_once_their_batch_is_durable()
    {
        using var store = CreateStore();
        var start = _faults.Syncs;
        using var scope = store.BeginWrite(new WriteScopeOptions { BatchSize = 2, SyncEachBatch = true, ReportStored = true });
        scope.Add(1, Vectors.For(1, Dim));
        Assert.Empty(scope.TakeStored()); // still filling
        scope.Add(2, Vectors.For(2, Dim)); // a full batch goes to the worker
        scope.Add(3, Vectors.For(3, Dim));
        scope.Add(4, Vectors.For(4, Dim)); // the next full batch waits for the first, whose records are now reported
        Assert.Equal([1UL, 2UL], scope.TakeStored().Select(r => r.Key.Number));
        Assert.True(_faults.Syncs > start); // reported only once synced

        scope.Commit();
        var stored = scope.TakeStored();
        Assert.Equal([3UL, 4UL], stored.Select(r => r.Key.Number));
        Assert.Equal(Vectors.For(3, Dim), stored[0].Vector);
        Assert.Empty(scope.TakeStored());

        // Each batch was synced on its own, so nothing was left for a flush to do.
        Assert.True(_faults.Syncs - start >= 2);
        var afterCommit = _faults.Syncs;
        store.Flush();
        Assert.Equal(afterCommit, _faults.Syncs);
    }

    [Fact]
    public void Process_durability_scopes_never_flush()
    {
        using var store = CreateStore(Durability.Process);
        using var scope = store.BeginWrite();
        var before = _faults.Syncs;
        for (ulong id = 0; id < 10; id++)
        {
            scope.Add(id, Vectors.For(id, Dim));
        }

        scope.Remove(3);
        scope.Commit();
        Assert.Equal(0, _faults.Syncs - before);
        Assert.Equal(9, store.Count);
    }

    [Fact]
    public void A_closed_store_refuses_a_new_scope()
    {
        var store = CreateStore();
        store.Dispose();
        Assert.Throws<ObjectDisposedException>(() => store.BeginWrite());
    }
}
