using VelesDb.Engine.Index;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// Index checkpoints hold the hash table's positions as they were in memory. Stores written before
/// the table's hash changed place their ids by the earlier Fibonacci hash; they must open with
/// every id found, and keep working.
/// </summary>
public sealed class CheckpointHashCompatibilityTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<ulong> IdSteps => [1UL, 1UL << 48];

    [Theory]
    [MemberData(nameof(IdSteps))]
    public void A_checkpoint_placed_by_the_earlier_hash_opens_with_every_id_found(ulong step)
    {
        var ids = Enumerable.Range(1, 300).Select(k => (ulong)k * step).ToArray();
        WriteStoreWithEarlierHashCheckpoint(ids);

        using var store = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(ids.Length, store.Count);
        foreach (var id in ids)
        {
            Assert.Equal(Vectors.For(id, Dim), store.Retrieve(id));
        }

        Assert.False(store.Contains(ids[^1] + step));
    }

    [Fact]
    public void A_store_opened_from_an_earlier_hash_checkpoint_keeps_its_ids_through_writes_and_reopen()
    {
        var ids = Enumerable.Range(1, 200).Select(k => (ulong)k).ToArray();
        WriteStoreWithEarlierHashCheckpoint(ids);

        using (var store = MmapVectorStore.Open(_dir.StorePath, new VectorStoreOptions { CheckpointThresholdBytes = 1 }))
        {
            Assert.True(store.Delete(7));
            store.Store(7, Vectors.For(7, Dim, version: 1));
            store.Store(1000, Vectors.For(1000, Dim));
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(ids.Length + 1, reopened.Count);
        Assert.Equal(Vectors.For(7, Dim, version: 1), reopened.Retrieve(7));
        Assert.Equal(Vectors.For(1000, Dim), reopened.Retrieve(1000));
        Assert.Equal(Vectors.For(200, Dim), reopened.Retrieve(200));
    }

    /// <summary>A closed store whose checkpoint places <paramref name="ids"/> as the Fibonacci hash did.</summary>
    private void WriteStoreWithEarlierHashCheckpoint(ulong[] ids)
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        }

        // The batch is in the log; opening folds it into a checkpoint.
        MmapVectorStore.Open(_dir.StorePath).Dispose();
        var image = IndexFileImage.Load(_dir.File(StorePaths.IndexFileName));
        var live = image.LiveEntries();
        Assert.Equal(ids.Length, live.Count);
        var mask = image.Capacity - 1;
        for (var p = 0; p < image.Capacity; p++)
        {
            image.Set(p, 0, SlotTable.Empty);
        }

        foreach (var (key, slot) in live)
        {
            var position = (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & mask;
            while (image.SlotAt(position) != SlotTable.Empty)
            {
                position = (position + 1) & mask;
            }

            image.Set(position, key, slot);
        }

        image.Save();
    }
}
