using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.FailedIo;

/// <summary>
/// A disk that really fills: a small tmpfs, filled during a bulk insert, during growth, in the
/// log and the checkpoint, and during compaction. The write that hits the full disk fails with an
/// IOException that says so; nothing acknowledged is lost; the store reopens; once space is
/// freed writes succeed again; a failed compaction leaves the old generation whole.
/// </summary>
[Collection(nameof(WholeProcessGroup))]
public sealed class FullDiskTests
{
    private const int Dim = 256;

    [TmpfsFact]
    public void A_bulk_insert_that_fills_the_disk_while_growing_fails_cleanly_and_goes_on_once_space_is_freed()
    {
        using var disk = Tmpfs.Mount(160L << 20);
        var path = Path.Combine(disk.Path, "store");
        var model = new StoreModel();
        using var store = MmapVectorStore.Create(path, Dim);
        var filler = disk.Fill(leave: 24L << 20);

        IOException? full = null;
        for (var batch = 0; full is null; batch++)
        {
            var op = new WorkOp(WorkKind.Put, [.. Enumerable.Range(batch * 1000, 1000).Select(i => (ulong)i)], batch + 1);
            try
            {
                Workload.Execute(store, op);
                model.Apply(op);
            }
            catch (IOException e)
            {
                full = e;
            }

            Assert.True(batch < 100, "the disk never filled");
        }

        AssertSaysDiskIsFull(full);
        Assert.True(StoreModel.ReadFrom(store).SameAs(model), "the failed growth changed what the store holds");

        File.Delete(filler);
        var next = new WorkOp(WorkKind.Put, [1_000_000, 1_000_001], 999);
        Workload.Execute(store, next);
        model.Apply(next);
        store.Dispose();

        using var reopened = MmapVectorStore.Open(path);
        Assert.True(StoreModel.ReadFrom(reopened).SameAs(model));
    }

    [TmpfsFact]
    public void A_full_disk_under_the_log_or_the_checkpoint_fails_the_write_and_the_reopened_store_has_every_acknowledged_one()
    {
        using var disk = Tmpfs.Mount(64L << 20);
        var path = Path.Combine(disk.Path, "store");
        var model = new StoreModel();
        var options = new VectorStoreOptions { CheckpointThresholdBytes = 64 * 1024 };
        var store = MmapVectorStore.Create(path, Dim, options);
        try
        {
            disk.FillUp();
            Exception? failure = null;
            for (var i = 0; failure is null && i < 100_000; i++)
            {
                var op = new WorkOp(i % 5 == 4 ? WorkKind.Delete : WorkKind.Put, [(ulong)(i % 3000), (ulong)((i * 7) % 3000)], i + 1);
                try
                {
                    Workload.Execute(store, op);
                    model.Apply(op);
                }
                catch (IOException e)
                {
                    failure = e;
                }
            }

            AssertSaysDiskIsFull(failure as IOException);
            _ = Assert.Throws<StoreFailedException>(() => store.Store(5, Payload.For(5, 1, Dim)));
        }
        finally
        {
            store.Dispose();
        }

        File.Delete(Path.Combine(disk.Path, "last"));
        using var reopened = MmapVectorStore.Open(path, options);
        var actual = StoreModel.ReadFrom(reopened);
        foreach (var (id, version) in model.Versions)
        {
            Assert.True(actual.Versions.TryGetValue(id, out var v) && (v == version || v > version), $"acknowledged vector {id}@v{version} is {(actual.Versions.ContainsKey(id) ? "changed" : "missing")}");
        }

        reopened.Store(5, Payload.For(5, 1, Dim));
        Assert.NotNull(reopened.Retrieve(5));
    }

    [TmpfsFact]
    public void A_compaction_that_runs_out_of_disk_at_any_point_leaves_the_old_generation_whole()
    {
        using var disk = Tmpfs.Mount(200L << 20);
        var path = Path.Combine(disk.Path, "store");
        var model = new StoreModel();
        using (var store = MmapVectorStore.Create(path, Dim))
        {
            var put = new WorkOp(WorkKind.Put, [.. Enumerable.Range(0, 24_000).Select(i => (ulong)i)], 1);
            var delete = new WorkOp(WorkKind.Delete, [.. Enumerable.Range(0, 12_000).Select(i => (ulong)(i * 2))]);
            Workload.Execute(store, put);
            Workload.Execute(store, delete);
            model.Apply(put);
            model.Apply(delete);
        }

        // The new generation needs about 12 MiB: leave from nothing to a little more than that, in steps.
        var failed = 0;
        var leftovers = new List<string>();
        for (var leave = 0L; leave <= 14L << 20; leave += Soak.Enabled ? 64 << 10 : 1 << 20)
        {
            using var store = MmapVectorStore.Open(path);
            var filler = disk.Fill(leave);
            try
            {
                _ = store.Compact();
            }
            catch (IOException e)
            {
                failed++;
                AssertSaysDiskIsFull(e);
                Assert.True(StoreModel.ReadFrom(store).SameAs(model), $"leaving {leave} bytes: a failed compaction changed the store");
                if (Directory.GetFiles(path, "vectors.*.dat").Length != 1)
                {
                    leftovers.Add($"leaving {leave} bytes: a failed compaction ({e.Message}) left files behind: {string.Join(", ", Directory.GetFiles(path).Select(f => $"{Path.GetFileName(f)} ({new FileInfo(f).Length} bytes)"))}");
                }
            }
            finally
            {
                File.Delete(filler);
            }

            Assert.True(StoreModel.ReadFrom(store).SameAs(model));
            if (store.FragmentationRatio == 0)
            {
                // It compacted: make garbage again for the next step.
                ulong[] odd = [.. Enumerable.Range(1, 6000).Select(i => (ulong)((i * 2) - 1))];
                Workload.Execute(store, new WorkOp(WorkKind.Put, odd, 2));
                Workload.Execute(store, new WorkOp(WorkKind.Put, odd, 1));
            }
        }

        Assert.True(failed > 0, "no compaction ran out of disk");
        using (var reopened = MmapVectorStore.Open(path))
        {
            Assert.True(StoreModel.ReadFrom(reopened).SameAs(model));
            _ = reopened.Compact();
            Assert.True(StoreModel.ReadFrom(reopened).SameAs(model));
        }

        // The new generation's file of a failed compaction is removed at once, not left for the next open.
        Assert.Empty(leftovers);
    }

    [TmpfsFact]
    public void A_store_with_a_log_to_replay_opens_on_a_full_disk_serves_reads_and_closes_cleanly()
    {
        // Room for the store to grow by 64 MiB once space is freed.
        using var disk = Tmpfs.Mount(160L << 20);
        var path = Path.Combine(disk.Path, "store");
        var model = new StoreModel();
        var writerPath = Path.Combine(disk.Path, "writer");
        using (var writer = MmapVectorStore.Create(writerPath, Dim))
        {
            var op = new WorkOp(WorkKind.Put, [.. Enumerable.Range(0, 50).Select(i => (ulong)i)], 1);
            Workload.Execute(writer, op);
            model.Apply(op);
            _ = DirectoryCopy.CopyAsAfterKill(writerPath, path);
        }

        Directory.Delete(writerPath, recursive: true);
        disk.FillUp();

        // Recovery has a log to fold into a checkpoint, and no room to write one: it waits.
        var store = MmapVectorStore.Open(path);
        Assert.True(StoreModel.ReadFrom(store).SameAs(model), "the store opened on a full disk does not hold what was written");
        var refused = Record.Exception(() => store.Store(999, Payload.For(999, 1, Dim)));
        AssertAdvisesFreeingSpace(refused);
        var closing = Record.Exception(store.Dispose);
        Assert.True(closing is null, $"closing a store that wrote nothing failed: {closing}");

        // A handle that only reads leaves the store as it found it, and closes without a word.
        var reader = MmapVectorStore.Open(path);
        Assert.True(StoreModel.ReadFrom(reader).SameAs(model));
        closing = Record.Exception(reader.Dispose);
        Assert.True(closing is null, $"closing a store that was only read failed: {closing}");

        // Closing released the lock, and lost nothing, though the disk is still full.
        using (var again = MmapVectorStore.Open(path))
        {
            Assert.True(StoreModel.ReadFrom(again).SameAs(model));
        }

        File.Delete(Path.Combine(disk.Path, "last"));
        using var freed = MmapVectorStore.Open(path);
        freed.Store(999, Payload.For(999, 1, Dim));
        Assert.True(StoreModel.ReadFrom(freed).Count == model.Count + 1);
    }

    [TmpfsFact]
    public void Closing_on_a_full_disk_releases_the_store_and_keeps_every_acknowledged_write()
    {
        using var disk = Tmpfs.Mount(64L << 20);
        var path = Path.Combine(disk.Path, "store");
        var model = new StoreModel();
        var store = MmapVectorStore.Create(path, Dim);
        var op = new WorkOp(WorkKind.Put, [.. Enumerable.Range(0, 50).Select(i => (ulong)i)], 1);
        Workload.Execute(store, op);
        model.Apply(op);
        disk.FillUp();

        // The final checkpoint has no room; the log, already synced, holds every write.
        var closing = Record.Exception(store.Dispose);
        Assert.True(closing is StoreCloseFailedException { WritesAreDurable: true }, $"closing on a full disk reported {closing?.GetType().Name ?? "nothing"}: {closing?.Message}");
        AssertAdvisesFreeingSpace(closing);
        Assert.True(store.IsDisposed);
        using var reopened = MmapVectorStore.Open(path);
        Assert.True(StoreModel.ReadFrom(reopened).SameAs(model));
    }

    private static void AssertAdvisesFreeingSpace(Exception? e)
    {
        Assert.NotNull(e);
        Assert.True(
            e is IOException or VelesDbException && e.Message.Contains("free space", StringComparison.OrdinalIgnoreCase),
            $"the error does not say to free space: {e.GetType().Name}: {e.Message}");
    }

    private static void AssertSaysDiskIsFull(IOException? e)
    {
        Assert.NotNull(e);
        Assert.True(
            e.Message.Contains("disk is full", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("No space left on device", StringComparison.Ordinal),
            $"the error does not say the disk is full: {e.GetType().Name}: {e.Message}");
    }
}
