using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Recovery;

/// <summary>
/// Torn and garbage log tails: the log of a killed writer (six records of different kinds and
/// sizes after the checkpoint) is cut at every byte of its last three records, or has zeros or
/// random bytes appended, and the store must open to exactly the records that are whole before
/// the damage, nothing more or less, and take new writes that survive the next crash.
/// </summary>
public sealed class WalTailTests : IDisposable
{
    private const int Dim = 16;
    private readonly TempStoreDirectory _dir = new();
    private readonly StoreFiles _files;
    private readonly List<long> _recordEnds = [];

    public WalTailTests()
    {
        var ops = new List<WorkOp>
        {
            new(WorkKind.Put, [1, 2, 3], 1),
            new(WorkKind.Put, [4], 2),
            new(WorkKind.Delete, [2]),
            new(WorkKind.Put, [.. Enumerable.Range(10, 30).Select(i => (ulong)i)], 3),
            new(WorkKind.Delete, [10, 11, 12, 99]),
            new(WorkKind.Put, [1, 50], 4),
        };
        _files = StoreFiles.Capture(_dir.Next("source"), Dim, ops, asAfterKill: true);
        var wal = _files.Bytes(StorePaths.WalFileName);
        var offset = 64L;
        while (offset < wal.Length)
        {
            offset += 8 + BitConverter.ToInt32(wal, (int)offset);
            _recordEnds.Add(offset);
        }

        Assert.Equal(ops.Count, _recordEnds.Count);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_log_cut_at_any_byte_of_its_last_records_opens_to_exactly_the_whole_records_before_the_cut()
    {
        var wal = _files.Bytes(StorePaths.WalFileName);
        var from = _recordEnds[^4];
        for (var cut = from; cut < wal.Length; cut++)
        {
            var whole = _recordEnds.Count(end => end <= cut);
            AssertOpensTo(wal[..(int)cut], whole, $"cut at byte {cut}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(21)]
    [InlineData(64)]
    [InlineData(4096)]
    public void Zeros_after_the_last_record_are_ignored(int zeros)
    {
        var wal = _files.Bytes(StorePaths.WalFileName);
        AssertOpensTo([.. wal, .. new byte[zeros]], _recordEnds.Count, $"{zeros} zeros appended");
        AssertOpensTo([.. wal.AsSpan(0, (int)_recordEnds[^2]), .. new byte[zeros]], _recordEnds.Count - 1, $"{zeros} zeros over the last record");
    }

    [Fact]
    public void Random_bytes_after_the_last_record_or_over_it_are_ignored()
    {
        var wal = _files.Bytes(StorePaths.WalFileName);
        var random = new Random(8);
        for (var round = 0; round < Soak.Count("VELESDB_WAL_GARBAGE", 60, 2000); round++)
        {
            var garbage = new byte[random.Next(1, 3000)];
            random.NextBytes(garbage);
            if (round % 3 == 0 && garbage.Length >= sizeof(int))
            {
                // A plausible frame: a small length, then bytes that fail the checksum.
                BitConverter.GetBytes(random.Next(13, 200)).CopyTo(garbage, 0);
            }

            var keep = round % 2 == 0 ? _recordEnds.Count : random.Next(_recordEnds.Count);
            var prefix = keep == 0 ? 64 : (int)_recordEnds[keep - 1];
            AssertOpensTo([.. wal.AsSpan(0, prefix), .. garbage], keep, $"round {round}: {garbage.Length} random bytes after record {keep}");
        }
    }

    [Fact]
    public void A_repeated_or_out_of_sequence_record_ends_the_log()
    {
        var wal = _files.Bytes(StorePaths.WalFileName);
        var last = wal[(int)_recordEnds[^2]..];
        AssertOpensTo([.. wal, .. last], _recordEnds.Count, "the last record twice");

        var first = wal[64..(int)_recordEnds[0]];
        AssertOpensTo([.. wal, .. first], _recordEnds.Count, "the first record again at the end");
    }

    private int _opens;

    private void AssertOpensTo(byte[] wal, int wholeRecords, string what)
    {
        var crashAgain = _opens++ % 16 == 0;
        var directory = _files.Lay(_dir.Next("t"), StorePaths.WalFileName, wal);
        var expected = _files.History.StateAt(wholeRecords);
        Watchdog.Run(() =>
        {
            using (var store = MmapVectorStore.Open(directory, new VectorStoreOptions { Durability = Durability.Process, FileSystem = new FaultFileSystem() }))
            {
                var actual = StoreModel.ReadFrom(store, _files.History.Writers);
                Assert.True(actual.SameAs(expected), $"{what}: opened to {actual.Count} vectors, expected exactly the {wholeRecords} whole records ({expected.Count} vectors)");

                if (!crashAgain)
                {
                    return 0;
                }

                // Appends go after the valid prefix, never behind the damage: they survive the next crash.
                store.Store(777, Payload.For(777, 99, Dim));
                var again = DirectoryCopy.CopyAsAfterKill(directory, directory + "-again");
                using var reopened = MmapVectorStore.Open(again, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
                expected.Set(777, 99);
                Assert.True(StoreModel.ReadFrom(reopened).SameAs(expected), $"{what}: a write after recovery was lost in the next crash");
                TempStoreDirectory.Remove(again);
            }

            return 0;
        }, what);
        TempStoreDirectory.Remove(directory);
    }
}
