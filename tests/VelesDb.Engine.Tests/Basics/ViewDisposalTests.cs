using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// A <see cref="VectorView"/> is a struct, so a caller can dispose it twice or dispose copies of
/// it; none of that may drop the store's own reference on the mapping. A store that lost it spins
/// in every read and throws on close, so each read and the close run under a watchdog.
/// </summary>
public sealed class ViewDisposalTests : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Disposing_a_view_twice_leaves_the_store_readable_and_closable()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, Vectors.For(1, Dim));

        Assert.True(store.TryGetView(1, out var view));
        view.Dispose();
        view.Dispose();

        AssertStillWorksAndCloses(store);
    }

    [Fact]
    public void Disposing_a_view_and_its_copies_releases_the_mapping_once()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, Vectors.For(1, Dim));

        Assert.True(store.TryGetView(1, out var view));
        var copy = view;
        using (var another = copy)
        {
            Assert.Equal(Vectors.For(1, Dim), another.Vector.ToArray());
        }

        copy.Dispose();
        view.Dispose();

        AssertStillWorksAndCloses(store);
    }

    [Fact]
    public void Disposing_one_view_many_times_does_not_release_another_view_of_the_same_mapping()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));

        Assert.True(store.TryGetView(1, out var first));
        Assert.True(store.TryGetView(2, out var second));
        first.Dispose();
        first.Dispose();

        // The second view's reference, and the store's, still keep the mapping alive.
        Assert.Equal(Vectors.For(2, Dim), second.Vector.ToArray());
        second.Dispose();
        second.Dispose();

        AssertStillWorksAndCloses(store);
    }

    [Fact]
    public void Disposing_the_empty_view_of_a_missing_id_does_nothing()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, Vectors.For(1, Dim));

        Assert.False(store.TryGetView(2, out var none));
        none.Dispose();
        none.Dispose();
        default(VectorView).Dispose();

        AssertStillWorksAndCloses(store);
    }

    [Fact]
    public void A_store_whose_own_reference_on_the_mapping_is_gone_fails_reads_instead_of_spinning()
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, Vectors.For(1, Dim));

        // An over-release by some other path than a view: the reference taken, then dropped twice.
        var (_, region) = store.Pin();
        region.Release();
        region.Release();

        try
        {
            var read = Watchdog.Run(() => Record.Exception(() => store.Retrieve(1)), "a read of a store without a mapping", seconds: 30);
            Assert.IsType<InvalidOperationException>(read);
            Assert.Contains("close it and open it again", read.Message, StringComparison.Ordinal);
        }
        finally
        {
            // The close stops a read spinning on the lost mapping; it cannot release what is gone.
            _ = Record.Exception(store.Dispose);
        }
    }

    private void AssertStillWorksAndCloses(MmapVectorStore store)
    {
        try
        {
            var read = Watchdog.Run(() => store.Retrieve(1), "a read after the views were disposed", seconds: 30);
            Assert.Equal(Vectors.For(1, Dim), read);
            Watchdog.Run(() => { store.Store(3, Vectors.For(3, Dim)); return 0; }, "a write after the views were disposed", seconds: 30);
        }
        catch (FaultCheckException)
        {
            // A read spinning on a lost mapping stops once the store is marked closed.
            _ = Record.Exception(store.Dispose);
            throw;
        }

        Watchdog.Run(() => { store.Dispose(); return 0; }, "closing the store", seconds: 30);

        // The close released the lock: the store opens again, with everything in it.
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Vectors.For(1, Dim), reopened.Retrieve(1));
        Assert.Equal(Vectors.For(3, Dim), reopened.Retrieve(3));
    }
}
