using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

public sealed class VectorReaderTests : IDisposable
{
    private const int Dim = 64;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_reader_reads_every_stored_vector_both_ways_and_nothing_that_is_absent()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
        var copy = new float[Dim];

        using var reader = store.OpenReader();
        Assert.Equal(Dim, reader.Dimension);
        foreach (var id in new ulong[] { 1, 2, 3 })
        {
            Assert.True(reader.TryGetVector(id, out var vector));
            Assert.Equal(Vectors.For(id, Dim), vector.ToArray());
            Assert.True(reader.TryCopy(id, copy));
            Assert.Equal(Vectors.For(id, Dim), copy);
        }

        Assert.False(reader.TryGetVector(4, out var none));
        Assert.True(none.IsEmpty);
        Assert.False(reader.TryCopy(4, copy));
        Assert.Throws<ArgumentException>(() => reader.TryCopy(1, new float[Dim - 1]));
    }

    [Fact]
    public void A_reader_follows_deletes_and_overwrites_made_after_it_was_opened()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        using var reader = store.OpenReader();

        store.Delete(1);
        store.Store(2, Vectors.For(2, Dim, version: 1));

        Assert.False(reader.TryGetVector(1, out _));
        Assert.True(reader.TryGetVector(2, out var vector));
        Assert.Equal(Vectors.For(2, Dim, version: 1), vector.ToArray());
    }

    [Fact]
    public void Spans_from_a_reader_stay_valid_while_the_store_grows_compacts_and_closes()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process });
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        using var reader = store.OpenReader();
        Assert.True(reader.TryGetVector(1, out var held));

        var ids = Enumerable.Range(10, 100_000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        store.DeleteBatch(ids);
        store.Compact();
        Assert.True(store.GetMetrics().ResizeCount > 0);
        store.Dispose();

        Assert.Equal(Vectors.For(1, Dim), held.ToArray());
        Assert.True(reader.TryGetVector(2, out var other));
        Assert.Equal(Vectors.For(2, Dim), other.ToArray());
    }

    [Fact]
    public void A_vector_written_after_the_reader_opened_into_space_the_file_grew_by_is_read_from_the_larger_mapping()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process });
        store.Store(1, Vectors.For(1, Dim));
        using var reader = store.OpenReader();
        Assert.True(reader.TryGetVector(1, out var before));

        var ids = Enumerable.Range(10, 100_000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        store.Store(1, Vectors.For(1, Dim, version: 1));
        Assert.True(store.GetMetrics().ResizeCount > 0);

        Assert.True(reader.TryGetVector(1, out var after));
        Assert.Equal(Vectors.For(1, Dim, version: 1), after.ToArray());
        Assert.True(reader.TryGetVector(100_009, out var last));
        Assert.Equal(Vectors.For(100_009, Dim), last.ToArray());
        Assert.Equal(Vectors.For(1, Dim), before.ToArray());
    }

    [Fact]
    public void A_reader_whose_generation_was_compacted_away_finds_a_vector_it_cannot_map_in_the_current_one()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process });
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        using var reader = store.OpenReader();

        // Id 1 moves into space the old file grew by after the reader took its mapping; then a
        // compaction retires that file and, with nobody else holding it, its larger mapping.
        var ids = Enumerable.Range(10, 100_000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        store.Store(1, Vectors.For(1, Dim, version: 1));
        store.DeleteBatch(ids);
        store.Compact();

        Assert.True(reader.TryGetVector(1, out var moved));
        Assert.Equal(Vectors.For(1, Dim, version: 1), moved.ToArray());
        var copy = new float[Dim];
        Assert.True(reader.TryCopy(2, copy));
        Assert.Equal(Vectors.For(2, Dim), copy);
    }

    [Fact]
    public void Copies_through_a_reader_are_counted_when_it_is_disposed_and_a_disposed_reader_refuses_reads()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        var before = store.GetMetrics().RetrievedCount;
        var reader = store.OpenReader();
        var copy = new float[Dim];
        Assert.True(reader.TryCopy(1, copy));
        Assert.True(reader.TryCopy(2, copy));
        Assert.True(reader.TryGetVector(1, out _));

        reader.Dispose();
        reader.Dispose();

        Assert.Equal(before + 2, store.GetMetrics().RetrievedCount);
        Assert.Throws<ObjectDisposedException>(() => reader.TryGetVector(1, out _));
        Assert.Throws<ObjectDisposedException>(() => reader.TryCopy(1, copy));
    }
}
