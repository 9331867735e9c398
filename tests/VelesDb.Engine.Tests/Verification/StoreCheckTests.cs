using System.Buffers.Binary;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Tests.Support;
using VelesDb.Engine.Verification;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine.Tests.Verification;

/// <summary>
/// Check and Repair: every damaged record is found (not just the first), named by its key, file and
/// offset; a repair drops exactly those records through a logged delete, so the store reopens with
/// all the others; a damaged log is found at its offset and replaced by a checkpoint; and a check
/// runs beside a writer without reporting anything that is not damage.
/// </summary>
public sealed class StoreCheckTests : IDisposable
{
    private const int Dim = 4;
    private static readonly SlotLayout Layout = new(Dim);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RecordKey Text(string text) => RecordKey.FromText(text);

    private static readonly RecordKey[] Keys = [1, 2, 3, 4, 5, Text("doc-a"), Text("doc-b"), Text("doc-c")];

    private MmapVectorStore CreateWithRecords()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        using var scope = store.BeginWrite();
        for (var i = 0; i < Keys.Length; i++)
        {
            scope.Add(Keys[i], Vectors.For((ulong)i + 1, Dim), RecordAttributes.FromJson($$"""{"n":{{i}},"name":"r{{i}}"}"""));
        }

        scope.Commit();
        return store;
    }

    private static long OffsetOf(MmapVectorStore store, RecordKey key)
    {
        var (generation, region) = store.Pin();
        try
        {
            Assert.True(generation.Index.TryGetSlot(key, out var slot));
            return Layout.OffsetOf(slot);
        }
        finally
        {
            region.Release();
        }
    }

    private string DataPath => _dir.File("vectors.000001.dat");

    private static void FlipBit(string path, long offset, int bit = 0)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ (1 << bit)));
    }

    private static void Overwrite(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        file.Position = offset;
        file.Write(bytes);
    }

    private static byte[] Read(string path, long offset, int count)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var bytes = new byte[count];
        file.Position = offset;
        file.ReadExactly(bytes);
        return bytes;
    }

    private sealed class RecordedProgress : IProgress<double>
    {
        public List<double> Values { get; } = [];

        public void Report(double value) => Values.Add(value);
    }

    [Fact]
    public void A_healthy_store_is_checked_record_by_record_of_both_key_kinds_and_nothing_is_reported()
    {
        using var store = CreateWithRecords();
        var progress = new RecordedProgress();

        var report = store.Check(progress);

        Assert.True(report.IsHealthy);
        Assert.Empty(report.Damage);
        Assert.Equal(Keys.Length, report.RecordsChecked);
        Assert.Empty(report.Repaired);
        Assert.Equal(1.0, progress.Values[^1]);
        Assert.Equal(progress.Values.Order(), progress.Values);
    }

    [Fact]
    public void Every_damaged_slot_is_reported_with_its_key_file_and_offset_not_only_the_first()
    {
        using var store = CreateWithRecords();
        var vectorFlip = OffsetOf(store, 2) + SlotLayout.SlotHeaderSize + 3;
        var idFlip = OffsetOf(store, Text("doc-b")) + 8;
        var checksumFlip = OffsetOf(store, 5);
        FlipBit(DataPath, vectorFlip, 5);
        FlipBit(DataPath, idFlip, 0);
        FlipBit(DataPath, checksumFlip, 7);

        var report = store.Check();

        Assert.False(report.IsHealthy);
        Assert.Equal(Keys.Length, report.RecordsChecked);
        var damage = report.Damage.OrderBy(d => d.Offset).ToArray();
        Assert.Equal([(RecordKey)2, 5, Text("doc-b")], damage.Select(d => d.Key!.Value).ToArray());
        Assert.Equal([OffsetOf(store, 2), OffsetOf(store, 5), OffsetOf(store, Text("doc-b"))], damage.Select(d => d.Offset).ToArray());
        Assert.All(damage, d => Assert.Equal(DataPath, d.FilePath));
        Assert.All(damage, d => Assert.Equal(DamageKind.SlotChecksum, d.Kind));
        Assert.Contains("'doc-b'", damage[2].Problem, StringComparison.Ordinal);

        // The old check still stops at the first.
        Assert.Throws<StoreCorruptedException>(() => store.Verify());
    }

    [Fact]
    public void An_intact_slot_that_holds_another_records_id_is_reported_for_integer_and_text_keys()
    {
        using var store = CreateWithRecords();
        foreach (var key in new[] { (RecordKey)3, Text("doc-c") })
        {
            // A slot rewritten whole, checksum and all, with the id of another record: only the key check sees it.
            var offset = OffsetOf(store, key);
            var slot = Read(DataPath, offset, Layout.SlotSize);
            BinaryPrimitives.WriteUInt64LittleEndian(slot.AsSpan(8), 4);
            BinaryPrimitives.WriteUInt32LittleEndian(slot, Layout.ComputeChecksum(slot));
            Overwrite(DataPath, offset, slot);
        }

        var report = store.Check();

        Assert.Equal([(RecordKey)3, Text("doc-c")], report.Damage.Select(d => d.Key!.Value).ToArray());
        Assert.All(report.Damage, d => Assert.Equal(DamageKind.SlotKey, d.Kind));
        Assert.All(report.Damage, d => Assert.Contains("holds id 4", d.Problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Repair_drops_exactly_the_damaged_records_and_the_reopened_store_holds_every_other_one_intact()
    {
        RecordKey[] damaged = [4, Text("doc-a")];
        using (var store = CreateWithRecords())
        {
            foreach (var key in damaged)
            {
                FlipBit(DataPath, OffsetOf(store, key) + SlotLayout.SlotHeaderSize, 1);
            }

            var report = store.Repair();

            Assert.Equal(damaged.Order(), report.Repaired.Order());
            Assert.Equal(2, report.Damage.Count);
            Assert.False(report.Checkpointed);
            Assert.True(store.Check().IsHealthy);
            Assert.Equal(Keys.Length - 2, store.Count);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        IVectorStore records = reopened;
        var check = reopened.Check();
        Assert.True(check.IsHealthy);
        Assert.Equal(Keys.Length - 2, check.RecordsChecked);
        for (var i = 0; i < Keys.Length; i++)
        {
            var record = records.Read([Keys[i]])[0];
            if (damaged.Contains(Keys[i]))
            {
                Assert.Null(record);
                continue;
            }

            Assert.NotNull(record);
            Assert.Equal(Vectors.For((ulong)i + 1, Dim), record.Vector);
            Assert.Equal($$"""{"n":{{i}},"name":"r{{i}}"}""", record.Attributes!.Json);
        }
    }

    [Fact]
    public void Repair_of_a_healthy_store_changes_nothing()
    {
        using var store = CreateWithRecords();
        var report = store.Repair();

        Assert.True(report.IsHealthy);
        Assert.Empty(report.Repaired);
        Assert.Equal(Keys.Length, store.Count);
    }

    [Fact]
    public void A_damaged_log_record_is_reported_at_its_offset_and_repair_replaces_the_log_with_a_checkpoint_that_keeps_every_record()
    {
        using (var store = CreateWithRecords())
        {
            // The batch (with its attributes and text keys) is the log's first record, right after the header.
            var wal = _dir.File(StorePaths.WalFileName);
            FlipBit(wal, WriteAheadLog.HeaderSize + WalRecord.FrameHeaderSize + 20, 2);

            var report = store.Check();
            var damage = Assert.Single(report.Damage);
            Assert.Equal(DamageKind.Log, damage.Kind);
            Assert.Equal(wal, damage.FilePath);
            Assert.Equal(WriteAheadLog.HeaderSize, damage.Offset);
            Assert.Null(damage.Key);
            Assert.Equal(Keys.Length, report.RecordsChecked);

            var repair = store.Repair();
            Assert.True(repair.Checkpointed);
            Assert.Empty(repair.Repaired);
            Assert.True(store.Check().IsHealthy);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        IVectorStore records = reopened;
        Assert.Equal(Keys.Length, reopened.Count);
        Assert.Equal("""{"n":6,"name":"r6"}""", records.Read([Text("doc-b")])[0]!.Attributes!.Json);
    }

    [Fact]
    public void Damage_is_still_reported_after_the_store_is_closed_and_opened_again()
    {
        using (var store = CreateWithRecords())
        {
            FlipBit(DataPath, OffsetOf(store, 1) + SlotLayout.SlotHeaderSize + 1, 3);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        var report = reopened.Check();
        Assert.Equal((RecordKey)1, Assert.Single(report.Damage).Key);
    }

    [Fact]
    public async Task A_check_beside_a_writer_and_a_deleter_reports_no_damage()
    {
        using var store = CreateWithRecords();
        using var writerDone = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            try
            {
                for (var round = 0; round < 300; round++)
                {
                    var ids = Enumerable.Range(0, 16).Select(i => (ulong)(100 + (round * 16 % 2048) + i)).ToArray();
                    store.StoreBatch(ids, Vectors.Batch(ids, Dim, round), Durability.Process);
                    using (var scope = store.BeginWrite())
                    {
                        scope.Add(Text($"t-{round % 50}"), Vectors.For((ulong)round, Dim), RecordAttributes.FromJson($$"""{"round":{{round}}}"""));
                        scope.Commit();
                    }

                    _ = store.DeleteBatch([ids[0], ids[5]], Durability.Process);
                }
            }
            finally
            {
                writerDone.Cancel();
            }
        });

        var checks = 0;
        while (!writerDone.IsCancellationRequested || checks == 0)
        {
            var report = store.Check();
            Assert.True(report.IsHealthy, string.Join("; ", report.Damage.Select(d => d.Problem)));
            checks++;
        }

        await writer;
        Assert.True(store.Check().IsHealthy);
    }

    [Fact]
    public void The_contract_reports_damage_through_the_verifying_capability()
    {
        using var store = CreateWithRecords();
        FlipBit(DataPath, OffsetOf(store, Text("doc-c")) + SlotLayout.SlotHeaderSize, 0);
        IVerifyingStore verifying = store;

        Assert.Equal(Text("doc-c"), Assert.Single(verifying.Check().Damage).Key);
        Assert.Equal([Text("doc-c")], verifying.Repair().Repaired);
    }

    [Fact]
    public void Repair_keeps_a_damaged_record_that_was_overwritten_after_the_check_found_it()
    {
        using var store = CreateWithRecords();
        FlipBit(DataPath, OffsetOf(store, 2) + SlotLayout.SlotHeaderSize, 4);
        FlipBit(DataPath, OffsetOf(store, 3) + SlotLayout.SlotHeaderSize, 4);
        var fresh = Vectors.For(99, Dim);

        // The scan reports 1.0 once it is done and before the repair takes the write lock: a writer
        // that overwrites record 2 exactly then gives it a new, healthy slot.
        var repair = store.Repair(new ActionProgress(value =>
        {
            if (value >= 1.0 && !store.Contains(1000))
            {
                store.Store(2, fresh);
                store.Store(1000, fresh);
            }
        }));

        Assert.Equal(2, repair.Damage.Count);
        Assert.Equal([(RecordKey)3], repair.Repaired);
        Assert.Equal(fresh, store.Retrieve(2));
        Assert.False(store.Contains(3));
        Assert.True(store.Check().IsHealthy);
    }

    [Fact]
    public void A_check_stops_when_it_is_cancelled()
    {
        using var store = CreateWithRecords();
        using var cancel = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => store.Check(new ActionProgress(_ => cancel.Cancel()), cancel.Token));
        Assert.True(store.Check().IsHealthy);
    }

    [Fact]
    public void A_damaged_index_file_is_reported_and_repair_replaces_it_with_a_checkpoint_so_the_store_opens_again()
    {
        var index = _dir.File(StorePaths.IndexFileName);
        using (var store = CreateWithRecords())
        {
            // The records are in the log; the index file is the one Create wrote. A flipped bit in its table:
            FlipBit(index, 72 + 5, 1);

            var damage = Assert.Single(store.Check().Damage);
            Assert.Equal(DamageKind.Index, damage.Kind);
            Assert.Equal(index, damage.FilePath);
            Assert.Equal(72, damage.Offset);

            var repair = store.Repair();
            Assert.True(repair.Checkpointed);
            Assert.Empty(repair.Repaired);
            Assert.True(store.Check().IsHealthy);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Keys.Length, reopened.Count);
        Assert.True(reopened.Check().IsHealthy);
    }

    private sealed class ActionProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
