using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.IO;
using VelesDb.Engine.Mapping;
using VelesDb.Engine.Tests.Support;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// The id table holds at most <see cref="SlotTable.MaxLiveCount"/> vectors. A batch past it is
/// refused before anything is logged, and a logged batch past it (as earlier versions could log)
/// does not stop the store from opening. Tests lower the limit instead of storing 2^29 vectors.
/// </summary>
public sealed class StoreCapacityTests : IDisposable
{
    private const int Dim = 4;
    private const long Limit = 10;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_table_limit_is_the_most_vectors_a_table_can_be_sized_for()
    {
        Assert.Equal(SlotTable.MaxCapacity, SlotTable.CapacityFor(SlotTable.MaxLiveCount));
        Assert.Throws<InvalidOperationException>(() => SlotTable.CapacityFor(SlotTable.MaxLiveCount + 1));
        Assert.Equal(SlotTable.MaxLiveCount, new VectorStoreOptions().MaxVectorCount);
    }

    [Fact]
    public void A_batch_past_the_vector_limit_is_refused_before_anything_is_logged()
    {
        var options = new VectorStoreOptions { MaxVectorCount = Limit };
        ulong[] held = [1, 2, 3, 4, 5, 6, 7, 8];
        ulong[] batch = [7, 8, 9, 10, 11];
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, options))
        {
            store.StoreBatch(held, Vectors.Batch(held, Dim));
            var logged = new FileInfo(_dir.File(StorePaths.WalFileName)).Length;

            var e = Assert.Throws<StoreFullException>(() => store.StoreBatch(batch, Vectors.Batch(batch, Dim, version: 1)));
            Assert.Contains("delete", e.Message, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(held.Length, store.Count);
            Assert.Equal(Vectors.For(7, Dim), store.Retrieve(7));
            Assert.False(store.Contains(9));
            Assert.Equal(logged, new FileInfo(_dir.File(StorePaths.WalFileName)).Length);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath, options);
        Assert.Equal(held.Length, reopened.Count);
        Assert.Equal(Vectors.For(7, Dim), reopened.Retrieve(7));
        Assert.False(reopened.Contains(9));
    }

    [Fact]
    public void At_the_vector_limit_overwrites_are_taken_and_new_ids_after_a_delete()
    {
        var options = new VectorStoreOptions { MaxVectorCount = Limit };
        var all = Enumerable.Range(1, (int)Limit).Select(k => (ulong)k).ToArray();
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, options);
        store.StoreBatch(all, Vectors.Batch(all, Dim));

        store.StoreBatch(all, Vectors.Batch(all, Dim, version: 1));
        Assert.Throws<StoreFullException>(() => store.Store(99, Vectors.For(99, Dim)));
        Assert.True(store.Delete(3));
        store.Store(99, Vectors.For(99, Dim));

        Assert.Equal(Limit, store.Count);
        Assert.Equal(Vectors.For(99, Dim), store.Retrieve(99));
        Assert.Equal(Vectors.For(10, Dim, version: 1), store.Retrieve(10));
    }

    [Fact]
    public void Replay_skips_a_logged_batch_past_the_vector_limit_and_applies_the_records_after_it()
    {
        using var data = DataFile.Create(OsStoreFileSystem.Instance, Path.Combine(_dir.Root, "replay.dat"), Dim, 1, GrowthPolicy.InitialBytes);
        var index = new SlotIndex(0);
        var records = new List<WalRecord>();
        ulong[][] batches = [[1, 2, 3], [4, 5], [1, 6], [3]];
        var slot = 0L;
        foreach (var batch in batches)
        {
            records.Add(InlinePut(records.Count + 1, slot, batch, data.Layout));
            slot += batch.Length;
        }

        // A limit of 4: the second batch would make 5, the third (an overwrite of 1 and a new 6) makes 4.
        var last = WalReplayer.Replay(records, 0, data, index, maxCount: 4, out var refused);

        Assert.Equal(0, refused);
        Assert.Equal(4, last);
        Assert.Equal(4, index.Count);
        Assert.Equal(slot, index.HighWater);
        Assert.False(index.Contains(4));
        Assert.False(index.Contains(5));
        Assert.True(index.TryGetSlot(1, out var one));
        Assert.Equal(5, one);
        Assert.True(index.TryGetSlot(3, out var three));
        Assert.Equal(7, three);
        Assert.True(index.Contains(6));
    }

    private static WalRecord InlinePut(long sequence, long firstSlot, ulong[] ids, SlotLayout layout)
    {
        var slots = new byte[ids.Length * layout.SlotSize];
        var puts = new WalPut[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var crc = layout.Write(slots.AsSpan(i * layout.SlotSize, layout.SlotSize), ids[i], Vectors.For(ids[i], Dim));
            puts[i] = new WalPut(ids[i], firstSlot + i, crc);
        }

        return new WalRecord(sequence, WalRecordKind.PutInline, puts, [], slots);
    }
}
