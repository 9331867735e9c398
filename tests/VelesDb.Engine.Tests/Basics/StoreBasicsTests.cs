using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

public sealed class StoreBasicsTests : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Stored_vectors_read_back_bit_identical_and_are_counted()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, Vectors.For(1, Dim));
        store.StoreBatch([2, 3], Vectors.Batch([2, 3], Dim));

        Assert.Equal(3, store.Count);
        Assert.Equal(Dim, store.Dimension);
        foreach (var id in new ulong[] { 1, 2, 3 })
        {
            Assert.Equal(Vectors.For(id, Dim), store.Retrieve(id));
        }

        Assert.Null(store.Retrieve(4));
        Assert.Equal(new ulong[] { 1, 2, 3 }, store.Ids().Order());
    }

    [Fact]
    public void A_batch_given_its_own_durability_is_stored_and_an_unknown_durability_is_refused()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim), Durability.Process);
        store.Flush();

        Assert.Equal(Vectors.For(2, Dim), store.Retrieve(2));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => store.StoreBatch([3], Vectors.For(3, Dim), (Durability)7));
        Assert.Equal("durability", e.ParamName);
        Assert.Equal(2, store.Count);
    }

    [Fact]
    public void Reopen_after_close_keeps_every_vector_and_the_dimension()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch([10, 20], Vectors.Batch([10, 20], Dim));
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Dim, reopened.Dimension);
        Assert.Equal(2, reopened.Count);
        Assert.Equal(Vectors.For(20, Dim), reopened.Retrieve(20));
    }

    [Fact]
    public void Overwrite_returns_the_latest_vector_and_keeps_the_count()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(5, Vectors.For(5, Dim, version: 0));
        store.Store(5, Vectors.For(5, Dim, version: 1));

        Assert.Equal(1, store.Count);
        Assert.Equal(Vectors.For(5, Dim, version: 1), store.Retrieve(5));
    }

    [Fact]
    public void A_duplicate_id_in_one_batch_takes_one_slot_and_the_last_vector_wins()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var vectors = Vectors.Batch([7], Dim, version: 0).Concat(Vectors.Batch([8], Dim)).Concat(Vectors.Batch([7], Dim, version: 2)).ToArray();
        store.StoreBatch([7, 8, 7], vectors);

        Assert.Equal(2, store.Count);
        Assert.Equal(Vectors.For(7, Dim, version: 2), store.Retrieve(7));
        Assert.Equal(0.0, store.FragmentationRatio);
    }

    [Fact]
    public void Zero_copy_view_shows_the_stored_vector()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(3, Vectors.For(3, Dim));

        Assert.True(store.TryGetView(3, out var view));
        using (view)
        {
            Assert.Equal(Vectors.For(3, Dim), view.Vector.ToArray());
        }

        Assert.False(store.TryGetView(4, out _));
    }

    [Fact]
    public void Delete_removes_a_vector_and_reports_whether_it_was_there()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));

        Assert.True(store.Delete(2));
        Assert.False(store.Delete(2));
        Assert.Equal(1, store.DeleteBatch([1, 1, 99]));
        Assert.Equal(1, store.Count);
        Assert.Null(store.Retrieve(1));
        Assert.Equal(Vectors.For(3, Dim), store.Retrieve(3));
    }

    [Fact]
    public void A_large_delete_batch_with_repeats_and_absent_ids_counts_only_what_it_removed_and_survives_a_kill()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var ids = Enumerable.Range(0, 500).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        var victims = ids.Where(id => id % 2 == 0).Concat(ids.Where(id => id % 4 == 0)).Concat([10_000UL, 10_001UL]).ToArray();

        Assert.Equal(250, store.DeleteBatch(victims));
        Assert.Equal(0, store.DeleteBatch(victims));

        using var recovered = MmapVectorStore.Open(_dir.SnapshotAsAfterKill());
        Assert.Equal(250, recovered.Count);
        Assert.All(ids, id => Assert.Equal(id % 2 == 1, recovered.Contains(id)));
    }

    [Fact]
    public void Wrong_dimension_is_rejected_and_changes_nothing()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, Vectors.For(1, Dim));

        var e = Assert.Throws<DimensionMismatchException>(() => store.Store(2, new float[Dim + 1]));
        Assert.Equal(Dim, e.Expected);
        Assert.Equal(Dim + 1, e.Actual);
        Assert.Throws<InvalidVectorException>(() => store.StoreBatch([2, 3], new float[Dim + 1]));
        Assert.Equal(1, store.Count);
        Assert.Equal(0.0, store.FragmentationRatio);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Non_finite_components_are_rejected_by_default_and_the_batch_is_not_written(float bad)
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var vectors = Vectors.Batch([1, 2], Dim);
        vectors[Dim + 3] = bad;

        var e = Assert.Throws<InvalidVectorException>(() => store.StoreBatch([1, 2], vectors));
        Assert.Equal(2UL, e.Id);
        Assert.Equal(0, store.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(37)]
    [InlineData(38)]
    public void The_first_non_finite_component_is_found_wherever_it_is(int position)
    {
        var values = Enumerable.Range(0, 39).Select(i => (float)i).ToArray();
        Assert.Equal(-1, MmapVectorStore.IndexOfNonFinite(values));
        foreach (var bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            values[position] = bad;
            Assert.Equal(position, MmapVectorStore.IndexOfNonFinite(values));
        }
    }

    [Fact]
    public void Non_finite_components_are_stored_when_the_options_allow_them()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { AllowNonFiniteValues = true });
        var vector = Vectors.For(1, Dim);
        vector[0] = float.NaN;
        store.Store(1, vector);

        Assert.True(float.IsNaN(store.Retrieve(1)![0]));
    }

    [Fact]
    public void An_empty_batch_is_rejected()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        Assert.Throws<InvalidVectorException>(() => store.StoreBatch([], []));
    }

    [Fact]
    public void The_largest_id_is_an_ordinary_id()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(ulong.MaxValue, Vectors.For(ulong.MaxValue, Dim));
        Assert.Equal(Vectors.For(ulong.MaxValue, Dim), store.Retrieve(ulong.MaxValue));
    }

    [Fact]
    public void Bulk_bytes_are_written_once_the_log_holds_only_their_places()
    {
        const int dimension = 256;
        using var store = MmapVectorStore.Create(_dir.StorePath, dimension);
        var ids = Enumerable.Range(0, 1000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, dimension));

        var vectorBytes = ids.Length * dimension * sizeof(float);
        Assert.True(store.GetMetrics().WalBytes < vectorBytes / 20, $"the log holds {store.GetMetrics().WalBytes} bytes for {vectorBytes} bytes of vectors");
    }

    [Fact]
    public void Reserve_capacity_grows_once_so_the_bulk_load_needs_no_growth()
    {
        const int dimension = 1024;
        using var store = MmapVectorStore.Create(_dir.StorePath, dimension);
        store.ReserveCapacity(10_000);
        var grownAfterReserve = store.GetMetrics().ResizeCount;
        var ids = Enumerable.Range(0, 10_000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, new float[ids.Length * dimension]);

        Assert.Equal(1, grownAfterReserve);
        Assert.Equal(grownAfterReserve, store.GetMetrics().ResizeCount);
    }

    [Fact]
    public void Use_after_dispose_throws_object_disposed()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, Vectors.For(1, Dim));
        store.Dispose();

        Assert.Throws<ObjectDisposedException>(() => store.Store(2, Vectors.For(2, Dim)));
        Assert.Throws<ObjectDisposedException>(() => store.Retrieve(1));
        store.Dispose();
    }
}
