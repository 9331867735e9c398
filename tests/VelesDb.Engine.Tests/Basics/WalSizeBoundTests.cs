using VelesDb.Engine.IO;
using VelesDb.Engine.Tests.Support;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// Nothing bounds how long the log is on disk but the writes themselves: whatever was acknowledged
/// reopens, however long the log. The write side keeps records readable (each within one buffer)
/// and the checkpoint threshold within what recovery holds in memory.
/// </summary>
public sealed class WalSizeBoundTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_log_longer_than_a_gibibyte_opens_with_every_acknowledged_write()
    {
        var options = new VectorStoreOptions { CheckpointThresholdBytes = VectorStoreOptions.MaxCheckpointThresholdBytes };
        ulong[] ids = [1, 2, 3];
        string killed;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, options))
        {
            foreach (var id in ids)
            {
                store.Store(id, Vectors.For(id, Dim));
            }

            killed = _dir.SnapshotAsAfterKill();
        }

        // A tail of zeros takes the log past the old 1 GiB bound; a sparse file keeps it off the disk.
        var log = Path.Combine(killed, StorePaths.WalFileName);
        var acknowledged = new FileInfo(log).Length;
        using (var file = new FileStream(log, FileMode.Open, FileAccess.Write))
        {
            file.SetLength((1L << 30) + (1L << 20));
        }

        using var reopened = MmapVectorStore.Open(killed, options);
        Assert.Equal(ids.Length, reopened.Count);
        Assert.All(ids, id => Assert.Equal(Vectors.For(id, Dim), reopened.Retrieve(id)));
        Assert.True(new FileInfo(log).Length <= acknowledged);
    }

    [Fact]
    public void The_log_reads_the_same_records_through_a_window_smaller_than_one_record()
    {
        var options = new VectorStoreOptions { Durability = Durability.Process, CheckpointThresholdBytes = VectorStoreOptions.MaxCheckpointThresholdBytes };
        string killed;
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, options))
        {
            ulong next = 1;
            foreach (var size in new[] { 1, 7, 300, 2, 5000, 64, 1 })
            {
                var ids = Enumerable.Range(0, size).Select(_ => next++).ToArray();
                store.StoreBatch(ids, Vectors.Batch(ids, Dim));
                _ = store.DeleteBatch(ids.AsSpan(0, size / 2));
            }

            killed = _dir.SnapshotAsAfterKill();
        }

        var path = Path.Combine(killed, StorePaths.WalFileName);
        using var whole = WriteAheadLog.Open(OsStoreFileSystem.Instance, path, out var expected);
        using var windowed = WriteAheadLog.Open(OsStoreFileSystem.Instance, path, windowBytes: 100, out var records);

        Assert.Equal(12, expected.Count); // seven puts and five deletes: half of one id is none
        Assert.Equal(whole.Length, windowed.Length);
        Assert.Equal(expected.Select(Describe), records.Select(Describe));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData((1L << 30) + 1)]
    [InlineData(long.MaxValue)]
    public void A_checkpoint_threshold_outside_one_byte_to_one_gibibyte_is_refused(long threshold)
    {
        var e = Assert.Throws<InvalidOptionException>(() => new VectorStoreOptions { CheckpointThresholdBytes = threshold });
        Assert.Equal(nameof(VectorStoreOptions.CheckpointThresholdBytes), e.Option);
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(1L << 30)]
    public void A_checkpoint_threshold_from_one_byte_to_one_gibibyte_is_taken(long threshold) =>
        Assert.Equal(threshold, new VectorStoreOptions { CheckpointThresholdBytes = threshold }.CheckpointThresholdBytes);

    [Fact]
    public void A_delete_whose_log_record_would_pass_the_record_limit_is_refused_with_nothing_deleted()
    {
        var ids = Enumerable.Range(1, 200).Select(k => (ulong)k).ToArray();
        var options = new VectorStoreOptions { MaxLogRecordBytes = 1024 };
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, options);
        foreach (var chunk in ids.Chunk(10))
        {
            store.StoreBatch(chunk, Vectors.Batch(chunk, Dim));
        }

        var logged = new FileInfo(_dir.File(StorePaths.WalFileName)).Length;
        var e = Assert.Throws<BatchTooLargeException>(() => store.DeleteBatch(ids));
        Assert.Equal(200, e.Count);
        Assert.InRange(e.MaxCount, 1, 199);
        Assert.Equal(ids.Length, store.Count);
        Assert.Equal(logged, new FileInfo(_dir.File(StorePaths.WalFileName)).Length);

        _ = store.DeleteBatch(ids.AsSpan(0, (int)e.MaxCount));
        Assert.Equal(ids.Length - e.MaxCount, store.Count);
    }

    [Fact]
    public void A_store_batch_whose_log_record_would_pass_the_record_limit_is_refused_with_nothing_stored()
    {
        var ids = Enumerable.Range(1, 100).Select(k => (ulong)k).ToArray();
        var options = new VectorStoreOptions { MaxLogRecordBytes = 1024 };
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, options);

        var logged = new FileInfo(_dir.File(StorePaths.WalFileName)).Length;
        var e = Assert.Throws<BatchTooLargeException>(() => store.StoreBatch(ids, Vectors.Batch(ids, Dim)));
        Assert.Equal(0, store.Count);
        Assert.Equal(logged, new FileInfo(_dir.File(StorePaths.WalFileName)).Length);

        var fitting = ids[..(int)e.MaxCount];
        store.StoreBatch(fitting, Vectors.Batch(fitting, Dim));
        Assert.Equal(fitting.Length, store.Count);
    }

    private static string Describe(WalRecord r) =>
        $"{r.Sequence} {r.Kind} {string.Join(',', r.Puts)} {string.Join(',', r.Deletes)} {Convert.ToHexString(r.InlineSlots ?? [])}";
}
