using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.FailedIo;

/// <summary>
/// A checkpoint that cannot be written (its temp index hits a full disk, here injected) must
/// not turn into a failure of a write that is already durable in the log, nor leave the store
/// unopenable or its lock held. Only a write not yet made may fail, and closing reports only
/// what it could not make durable.
/// </summary>
public sealed class DeferredCheckpointTests : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_write_synced_to_the_log_is_acknowledged_even_when_the_checkpoint_due_after_it_cannot_be_written()
    {
        var directory = _dir.Next("s");
        var full = false;
        var fs = new FaultFileSystem { FailWhen = e => full && e.Operation == "Create" && e.File == "vectors.idx.tmp" };

        // Past the empty log's header, so the first write's record is what crosses the threshold.
        var options = new VectorStoreOptions { FileSystem = fs, CheckpointThresholdBytes = 65 };
        var store = MmapVectorStore.Create(directory, Dim, options);
        try
        {
            full = true;
            store.Store(1, Payload.For(1, 1, Dim));

            var afterKill = DirectoryCopy.CopyAsAfterKill(directory, _dir.Next("killed"));
            using (var reopened = MmapVectorStore.Open(afterKill))
            {
                Assert.NotNull(reopened.Retrieve(1));
            }

            // The next write needs the checkpoint first: it fails before anything of it is logged.
            _ = Assert.Throws<IOException>(() => store.Store(2, Payload.For(2, 1, Dim)));
            var afterFailure = DirectoryCopy.CopyAsAfterKill(directory, _dir.Next("failed"));
            using var recovered = MmapVectorStore.Open(afterFailure);
            Assert.NotNull(recovered.Retrieve(1));
            Assert.Null(recovered.Retrieve(2));
        }
        finally
        {
            store.Dispose();
        }

        using var closed = MmapVectorStore.Open(directory);
        Assert.Equal(1, closed.Count);
    }

    [Fact]
    public void Closing_when_the_last_writes_cannot_be_made_durable_says_so_and_still_releases_the_store()
    {
        var directory = _dir.Next("s");
        var failing = false;
        var fs = new FaultFileSystem { FailWhen = e => failing && e.Operation == "Sync" && e.File.EndsWith(".dat", StringComparison.Ordinal) };
        var store = MmapVectorStore.Create(directory, Dim, new VectorStoreOptions { FileSystem = fs, Durability = Durability.Process });
        store.Store(1, Payload.For(1, 1, Dim));
        failing = true;

        var closing = Record.Exception(store.Dispose);
        Assert.True(closing is StoreCloseFailedException { WritesAreDurable: false }, $"closing reported {closing?.GetType().Name ?? "nothing"}: {closing?.Message}");
        Assert.True(store.IsDisposed);

        using var reopened = MmapVectorStore.Open(directory);
        Assert.NotNull(reopened.Retrieve(1));
    }
}
