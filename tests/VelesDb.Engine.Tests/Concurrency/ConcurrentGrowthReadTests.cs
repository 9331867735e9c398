using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Concurrency;

/// <summary>
/// A read pins the mapping, then looks the id up. A write between the two can grow the data file
/// and publish the id in a slot beyond the pinned mapping. The window is a few instructions wide,
/// so these tests widen it with the store's pin hook: the reader stops right after its pin until a
/// full-durability writer on another thread has grown the file and published the newest ids.
/// </summary>
public sealed class ConcurrentGrowthReadTests : IDisposable
{
    // 16 + 4 × 1020 = 4096-byte slots: the initial 16 MiB file holds 4095 of them.
    private const int Dim = 1020;
    private const int Prefilled = 4_000;
    private const int Grown = 200;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly TempStoreDirectory _dir = new();

    public ConcurrentGrowthReadTests()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        var ids = Range(0, Prefilled);
        store.StoreBatch(ids, Vectors.Batch(ids, Dim), Durability.Process);
        store.Flush();
    }

    /// <summary>The ids the writer adds; the last ones lie beyond the initial file.</summary>
    private static ulong Newest => Prefilled + Grown - 1;

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_copying_read_finds_an_id_that_a_write_published_beyond_the_mapping_it_pinned()
    {
        using var store = MmapVectorStore.Open(_dir.StorePath);
        var copy = new float[Dim];

        var found = WhileAWriterGrowsTheFile(store, () => store.TryRetrieve(Newest, copy));

        Assert.True(found);
        Assert.Equal(Vectors.For(Newest, Dim), copy);
    }

    [Fact]
    public void A_zero_copy_read_finds_an_id_that_a_write_published_beyond_the_mapping_it_pinned()
    {
        using var store = MmapVectorStore.Open(_dir.StorePath);

        var vector = WhileAWriterGrowsTheFile(store, () =>
        {
            if (!store.TryGetView(Newest, out var view))
            {
                return null;
            }

            using (view)
            {
                return view.Vector.ToArray();
            }
        });

        Assert.Equal(Vectors.For(Newest, Dim), vector);
    }

    [Fact]
    public void Verify_checks_slots_that_a_write_published_beyond_the_mapping_it_pinned()
    {
        using var store = MmapVectorStore.Open(_dir.StorePath);

        var verified = WhileAWriterGrowsTheFile(store, store.Verify);

        Assert.Equal(Prefilled + Grown, verified);
        Assert.Equal(Prefilled + Grown, store.Count);
    }

    [Fact]
    public void A_search_finds_records_that_a_write_moved_beyond_the_mapping_it_pinned()
    {
        using var store = MmapVectorStore.Open(_dir.StorePath);
        var query = Vectors.For(Newest, Dim);

        // The writer overwrites ids already there as well as adding new ones: the overwritten ids'
        // old slots die inside the pinned mapping and their new ones lie beyond it.
        var hits = WhileAWriterGrowsTheFile(store, () => store.Search(query, 5, DistanceMetric.Euclidean), overwrite: true);

        Assert.Equal(Newest, hits[0].Id);
        Assert.Equal(5, hits.Count);
    }

    [Fact]
    public void A_reader_opened_before_a_growing_write_reads_the_newest_ids_after_it()
    {
        using var store = MmapVectorStore.Open(_dir.StorePath);

        using var reader = WhileAWriterGrowsTheFile(store, store.OpenReader);

        Assert.True(reader.TryGetVector(Newest, out var vector));
        Assert.Equal(Vectors.For(Newest, Dim), vector.ToArray());
    }

    /// <summary>
    /// Runs <paramref name="read"/> on this thread; right after its first pin, another thread
    /// stores the ids up to <see cref="Newest"/>, which grows the file, with full durability, and
    /// the read goes on only once that write has returned.
    /// </summary>
    private static T WhileAWriterGrowsTheFile<T>(MmapVectorStore store, Func<T> read, bool overwrite = false)
    {
        var batch = overwrite ? Range(0, Prefilled + Grown) : Range(Prefilled, Grown);
        var resizesBefore = store.GetMetrics().ResizeCount;
        using var pinned = new ManualResetEventSlim();
        using var written = new ManualResetEventSlim();
        var hooked = 0;
        store.AfterPin = () =>
        {
            if (Interlocked.Exchange(ref hooked, 1) == 0)
            {
                pinned.Set();
                Assert.True(written.Wait(HangGuard), "the writer did not finish");
            }
        };

        var writer = Task.Run(() =>
        {
            try
            {
                Assert.True(pinned.Wait(HangGuard), "the read never pinned the mapping");
                store.StoreBatch(batch, Vectors.Batch(batch, Dim), Durability.Full);
            }
            finally
            {
                written.Set();
            }
        });

        T result;
        try
        {
            result = read();
        }
        finally
        {
            store.AfterPin = null;
            Assert.True(writer.Wait(HangGuard), "the writer hung");
        }

        Assert.True(store.GetMetrics().ResizeCount > resizesBefore, "the write did not grow the file");
        return result;
    }

    private static ulong[] Range(ulong first, int count) => [.. Enumerable.Range(0, count).Select(i => first + (ulong)i)];
}
