using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Recovery;

/// <summary>
/// Crash recovery, simulated in-process by copying the files of an open store exactly as a
/// killed process leaves them. (Real SIGKILL tests are in <see cref="KillTests"/>.)
/// </summary>
public sealed class RecoveryTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void Reopen_after_kill_keeps_every_acknowledged_write(Durability durability)
    {
        string snapshot;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = durability }))
        {
            store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
            store.Store(2, Vectors.For(2, Dim, version: 1));
            store.Delete(3);
            snapshot = _dir.SnapshotAsAfterKill();
        }

        using var recovered = MmapVectorStore.Open(snapshot);
        Assert.Equal(2, recovered.Count);
        Assert.Equal(Vectors.For(1, Dim), recovered.Retrieve(1));
        Assert.Equal(Vectors.For(2, Dim, version: 1), recovered.Retrieve(2));
        Assert.Null(recovered.Retrieve(3));
    }

    [Fact]
    public void A_torn_log_tail_at_any_byte_opens_to_the_records_before_it()
    {
        string snapshot;
        long walBeforeLast, walAfterLast;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process }))
        {
            store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
            walBeforeLast = store.GetMetrics().WalBytes;
            store.StoreBatch([3, 4], Vectors.Batch([3, 4], Dim));
            walAfterLast = store.GetMetrics().WalBytes;
            snapshot = _dir.SnapshotAsAfterKill();
        }

        for (var cut = walBeforeLast; cut < walAfterLast; cut++)
        {
            var copy = CopyOf(snapshot, $"cut{cut}");
            using (var wal = new FileStream(Path.Combine(copy, StorePaths.WalFileName), FileMode.Open))
            {
                wal.SetLength(cut);
            }

            using var recovered = MmapVectorStore.Open(copy);
            Assert.Equal(2, recovered.Count);
            Assert.Null(recovered.Retrieve(3));
            Assert.Equal(Vectors.For(2, Dim), recovered.Retrieve(2));
        }
    }

    [Fact]
    public void Writes_after_a_torn_tail_survive_the_next_recovery()
    {
        string snapshot;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process }))
        {
            store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
            snapshot = _dir.SnapshotAsAfterKill();
        }

        // Garbage after the last record, as a torn append leaves it.
        using (var wal = new FileStream(Path.Combine(snapshot, StorePaths.WalFileName), FileMode.Append))
        {
            wal.Write([0x1F, 0, 0, 0, 0xAB, 0xCD, 0xEF, 0x01, 9, 9, 9]);
        }

        var crashedAgain = Path.Combine(_dir.Root, "again");
        using (var store = MmapVectorStore.Open(snapshot, new VectorStoreOptions { Durability = Durability.Process }))
        {
            store.Store(5, Vectors.For(5, Dim));
            Directory.CreateDirectory(crashedAgain);
            foreach (var f in Directory.EnumerateFiles(snapshot).Where(f => !f.EndsWith(StorePaths.LockFileName, StringComparison.Ordinal)))
            {
                using var source = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                using var target = File.Create(Path.Combine(crashedAgain, Path.GetFileName(f)));
                source.CopyTo(target);
            }
        }

        using var recovered = MmapVectorStore.Open(crashedAgain);
        Assert.Equal(Vectors.For(5, Dim), recovered.Retrieve(5));
        Assert.Equal(3, recovered.Count);
    }

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void Writes_after_a_log_reset_cut_short_by_a_kill_survive_the_next_recovery(Durability durability)
    {
        // A checkpoint empties the log by cutting it to its header, then writes the new header.
        // A kill between the two leaves the previous header (an older sequence) and no records.
        var options = new VectorStoreOptions { Durability = durability };
        var walPath = _dir.File(StorePaths.WalFileName);
        byte[] previousHeader;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, options))
        {
            previousHeader = File.ReadAllBytes(walPath)[..Wal.WriteAheadLog.HeaderSize];
            store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        }

        File.WriteAllBytes(walPath, previousHeader);
        string snapshot;
        using (var store = MmapVectorStore.Open(_dir.StorePath, options))
        {
            store.StoreBatch([3], Vectors.Batch([3], Dim));
            snapshot = _dir.SnapshotAsAfterKill();
        }

        using var recovered = MmapVectorStore.Open(snapshot);
        Assert.Equal(Vectors.For(3, Dim), recovered.Retrieve(3));
        Assert.Equal(3, recovered.Count);
    }

    [Fact]
    public void A_small_batch_whose_slots_never_reached_the_data_file_is_redone_from_the_log()
    {
        string snapshot;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
            snapshot = _dir.SnapshotAsAfterKill();
        }

        // As after a power cut: the log was synced, the data file's unsynced pages were not written.
        var data = Path.Combine(snapshot, "vectors.000001.dat");
        var bytes = File.ReadAllBytes(data);
        Array.Clear(bytes, 4096, bytes.Length - 4096);
        File.WriteAllBytes(data, bytes);

        using var recovered = MmapVectorStore.Open(snapshot);
        Assert.Equal(Vectors.For(1, Dim), recovered.Retrieve(1));
        Assert.Equal(Vectors.For(2, Dim), recovered.Retrieve(2));
        Assert.Equal(2, recovered.Verify());
    }

    [Fact]
    public void A_large_batch_whose_slots_are_damaged_is_not_applied()
    {
        const int dimension = 4096;
        string snapshot;
        var ids = Enumerable.Range(0, 8).Select(i => (ulong)i).ToArray();
        using (var store = MmapVectorStore.Create(_dir.StorePath, dimension, new VectorStoreOptions { Durability = Durability.Process }))
        {
            store.Store(100, Vectors.For(100, dimension));
            store.StoreBatch(ids, Vectors.Batch(ids, dimension));
            snapshot = _dir.SnapshotAsAfterKill();
        }

        // The log record of the large batch reached the disk, one of its slots did not.
        var data = Path.Combine(snapshot, "vectors.000001.dat");
        var bytes = File.ReadAllBytes(data);
        var slotSize = 16 + (dimension * 4);
        Array.Clear(bytes, 4096 + (5 * slotSize), slotSize);
        File.WriteAllBytes(data, bytes);

        using var recovered = MmapVectorStore.Open(snapshot);
        Assert.Equal(1, recovered.Count);
        Assert.Equal(Vectors.For(100, dimension), recovered.Retrieve(100));
    }

    [Fact]
    public void A_flipped_bit_in_a_log_record_drops_that_record_and_everything_after_it()
    {
        var (snapshot, walPath, walBeforeSecond) = ThreeRecordsAfterKill(Durability.Process);
        FlipBits(walPath, walBeforeSecond + 12, 0x10);

        using var recovered = MmapVectorStore.Open(snapshot);
        Assert.Equal(1, recovered.Count);
        Assert.NotNull(recovered.Retrieve(1));
    }

    [Fact]
    public void Damage_to_a_synced_record_with_intact_records_after_it_is_an_error_not_a_silent_cut()
    {
        var (snapshot, walPath, walBeforeSecond) = ThreeRecordsAfterKill(Durability.Full);
        FlipBits(walPath, walBeforeSecond + 20, 0x01);

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(snapshot));
        Assert.Equal(walPath, e.FilePath);
        Assert.Equal(walBeforeSecond, e.Offset);
    }

    [Fact]
    public void Damage_to_a_record_the_next_one_was_written_before_any_sync_of_is_a_torn_tail()
    {
        // Full durability, but the second and third writes defer their sync: a power cut may tear both.
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var walBeforeSecond = WriteOneThenTwoUnsynced(store);
        var snapshot = _dir.SnapshotAsAfterKill();
        FlipBits(Path.Combine(snapshot, StorePaths.WalFileName), walBeforeSecond + 20, 0x01);

        using var recovered = MmapVectorStore.Open(snapshot);
        Assert.Equal(1, recovered.Count);
        Assert.NotNull(recovered.Retrieve(1));
    }

    [Fact]
    public void Damage_to_a_record_synced_before_a_later_one_was_written_is_an_error_even_with_unsynced_records_between()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var walBeforeSecond = WriteOneThenTwoUnsynced(store);
        store.Flush();
        store.StoreBatch([4], Vectors.For(4, Dim), Durability.Process);
        var snapshot = _dir.SnapshotAsAfterKill();
        var walPath = Path.Combine(snapshot, StorePaths.WalFileName);
        FlipBits(walPath, walBeforeSecond + 20, 0x01);

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(snapshot));
        Assert.Equal(walPath, e.FilePath);
        Assert.Equal(walBeforeSecond, e.Offset);
    }

    [Fact]
    public void After_reopen_new_vectors_never_take_a_slot_that_is_still_in_use()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
            store.Delete(3);
            store.Store(1, Vectors.For(1, Dim, version: 1));
        }

        using (var store = MmapVectorStore.Open(_dir.StorePath))
        {
            store.StoreBatch([4, 5], Vectors.Batch([4, 5], Dim));
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Vectors.For(1, Dim, version: 1), reopened.Retrieve(1));
        Assert.Equal(Vectors.For(2, Dim), reopened.Retrieve(2));
        Assert.Equal(Vectors.For(4, Dim), reopened.Retrieve(4));
        Assert.Equal(Vectors.For(5, Dim), reopened.Retrieve(5));
        Assert.Equal(4, reopened.Verify());
    }

    [Fact]
    public void A_large_log_is_checkpointed_and_emptied()
    {
        var options = new VectorStoreOptions { CheckpointThresholdBytes = 4096 };
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, options);
        for (ulong id = 0; id < 500; id++)
        {
            store.Store(id, Vectors.For(id, Dim));
        }

        var metrics = store.GetMetrics();
        Assert.True(metrics.CheckpointCount > 0);
        Assert.True(metrics.WalBytes < 4096 + 128);
        var snapshot = _dir.SnapshotAsAfterKill();
        using var recovered = MmapVectorStore.Open(snapshot);
        Assert.Equal(500, recovered.Count);
        Assert.Equal(500, recovered.Verify());
    }

    [Fact]
    public void A_clean_close_leaves_an_empty_log_and_no_growth_headroom()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
        }

        Assert.Equal(64, new FileInfo(_dir.File(StorePaths.WalFileName)).Length);
        var dataFile = Directory.GetFiles(_dir.StorePath, StorePaths.DataFilePattern).Single();
        Assert.Equal(4096 + (3 * (16 + (Dim * 4))), new FileInfo(dataFile).Length);
    }

    private string CopyOf(string source, string name)
    {
        var target = Path.Combine(_dir.Root, name);
        Directory.CreateDirectory(target);
        foreach (var f in Directory.EnumerateFiles(source))
        {
            File.Copy(f, Path.Combine(target, Path.GetFileName(f)));
        }

        return target;
    }

    /// <summary>Three single-vector writes, one log record each, left as a kill leaves them; returns where the second record starts.</summary>
    private (string Snapshot, string WalPath, long WalBeforeSecond) ThreeRecordsAfterKill(Durability durability)
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = durability });
        store.Store(1, Vectors.For(1, Dim));
        var walBeforeSecond = store.GetMetrics().WalBytes;
        store.Store(2, Vectors.For(2, Dim));
        store.Store(3, Vectors.For(3, Dim));
        var snapshot = _dir.SnapshotAsAfterKill();
        return (snapshot, Path.Combine(snapshot, StorePaths.WalFileName), walBeforeSecond);
    }

    /// <summary>Vector 1 written durably, then 2 and 3 with their sync deferred; returns where the second record starts.</summary>
    private static long WriteOneThenTwoUnsynced(MmapVectorStore store)
    {
        store.Store(1, Vectors.For(1, Dim));
        var walBeforeSecond = store.GetMetrics().WalBytes;
        store.StoreBatch([2], Vectors.For(2, Dim), Durability.Process);
        store.StoreBatch([3], Vectors.For(3, Dim), Durability.Process);
        return walBeforeSecond;
    }

    private static void FlipBits(string path, long offset, byte mask)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= mask;
        File.WriteAllBytes(path, bytes);
    }
}
