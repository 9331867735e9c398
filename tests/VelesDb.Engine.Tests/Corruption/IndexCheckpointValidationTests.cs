using VelesDb.Engine.Index;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Corruption;

/// <summary>
/// A checkpoint whose table could never have come from the engine (checksums resealed, so only
/// the structure judges it) is refused on open, and no table, however forged, makes a lookup spin.
/// </summary>
public sealed class IndexCheckpointValidationTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_index_whose_free_positions_are_all_tombstones_is_refused_on_open()
    {
        var image = ClosedStoreIndex(1, 2, 3);
        var filler = 1_000_000UL;
        for (var p = 0; p < image.Capacity; p++)
        {
            if (image.SlotAt(p) == SlotTable.Empty)
            {
                image.Set(p, filler++, SlotTable.Deleted);
            }
        }

        image.Save();

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath).Dispose());
        Assert.Equal(image.Path, e.FilePath);
    }

    [Fact]
    public void An_index_holding_one_id_twice_is_refused_on_open()
    {
        var image = ClosedStoreIndex(1, 2);
        var second = Enumerable.Range(0, image.Capacity).Single(p => image.KeyAt(p) == 2 && image.SlotAt(p) < SlotTable.Deleted);
        image.Set(second, 1, image.SlotAt(second));
        image.Save();

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath).Dispose());
        Assert.Equal(image.Path, e.FilePath);
    }

    [Fact]
    public void An_index_holding_one_id_twice_at_adjacent_positions_is_refused_on_open()
    {
        var image = ClosedStoreIndex(1, 2);
        var first = Enumerable.Range(0, image.Capacity).Single(p => image.KeyAt(p) == 1 && image.SlotAt(p) < SlotTable.Deleted);
        var second = Enumerable.Range(0, image.Capacity).Single(p => image.KeyAt(p) == 2 && image.SlotAt(p) < SlotTable.Deleted);
        var slot = image.SlotAt(second);
        image.Set(second, 0, SlotTable.Empty);
        image.Set((first + 1) % image.Capacity, 1, slot);
        image.Save();

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath).Dispose());
        Assert.Equal(image.Path, e.FilePath);
    }

    [Fact]
    public void A_lookup_in_a_table_without_an_empty_position_ends()
    {
        var table = TableOfTombstones();
        Assert.False(Watchdog.Run(() => table.TryGet(42, out _), "a lookup of an absent id"));
        Assert.Equal(-1, Watchdog.Run(() => table.Remove(42), "a delete of an absent id"));
    }

    [Fact]
    public void A_put_into_a_table_without_an_empty_position_is_refused_instead_of_spinning()
    {
        var table = TableOfTombstones();
        var e = Watchdog.Run(() => Record.Exception(() => table.Put(42, 0)), "a put of a new id");
        Assert.IsType<InvalidOperationException>(e);
    }

    [Fact]
    public void A_table_the_engine_wrote_opens_unchanged_through_the_placement_check()
    {
        var ids = Enumerable.Range(1, 500).Select(k => (ulong)k * 7919).ToArray();
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch(ids, Vectors.Batch(ids, Dim));
            _ = store.DeleteBatch(ids.AsSpan(0, 100));
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(400, reopened.Count);
        Assert.All(ids[100..], id => Assert.True(reopened.Contains(id)));
        Assert.All(ids[..100], id => Assert.False(reopened.Contains(id)));
    }

    private static SlotTable TableOfTombstones()
    {
        var entries = new SlotTable.Entry[16];
        for (var p = 0; p < entries.Length; p++)
        {
            entries[p] = new SlotTable.Entry(1000 + (ulong)p, SlotTable.Deleted);
        }

        return new SlotTable(entries, entries.Length);
    }

    /// <summary>A closed store holding <paramref name="ids"/>, with its index image ready to forge.</summary>
    private IndexFileImage ClosedStoreIndex(params ulong[] ids)
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        }

        MmapVectorStore.Open(_dir.StorePath).Dispose();
        return IndexFileImage.Load(_dir.File(StorePaths.IndexFileName));
    }
}
