using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Quantization;

/// <summary>
/// A quantized search pins the mapping, catches its copy up, then takes the live bitmap. A write in
/// between can grow the data file and move records (overwrites) beyond the pinned mapping, killing
/// their old slots inside it. The store's pin hook holds the search right after its pin until such
/// a write has returned: the search must still find the moved records, through the current mapping.
/// </summary>
public sealed class QuantizedConcurrencyTests : IDisposable
{
    // 16 + 4 × 1020 = 4096-byte slots: the initial 16 MiB file holds 4095 of them.
    private const int Dim = 1020;
    private const int Prefilled = 4_000;
    private const int Grown = 200;
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ulong[] Range(int first, int count) => Enumerable.Range(first, count).Select(i => (ulong)i).ToArray();

    [Fact]
    public void A_quantized_search_finds_records_that_a_write_moved_beyond_the_mapping_it_pinned()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Quantization = StoreQuantization.Int8 });
        var ids = Range(0, Prefilled);
        store.StoreBatch(ids, Vectors.Batch(ids, Dim), Durability.Process);
        store.BuildDerived();
        ulong newest = Prefilled + Grown - 1;
        var resizesBefore = store.GetMetrics().ResizeCount;
        var results = SearchWhileAWriterMovesRecords(store, Vectors.For(newest, Dim, version: 1));
        Assert.True(store.GetMetrics().ResizeCount > resizesBefore, "the write did not grow the file");
        Assert.True(results.Quantized);
        Assert.Equal(5, results.Matches.Count);
        Assert.Equal(newest, results.Matches[0].Key.Number);
        Assert.Equal(0f, results.Matches[0].Score);
    }

    /// <summary>Searches; right after its pin, another thread overwrites every id and adds more, growing the file, and the search goes on once that write has returned.</summary>
    private static SearchResults SearchWhileAWriterMovesRecords(MmapVectorStore store, float[] query)
    {
        var batch = Range(0, Prefilled + Grown);
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
                Assert.True(pinned.Wait(HangGuard), "the search never pinned the mapping");
                store.StoreBatch(batch, Vectors.Batch(batch, Dim, version: 1), Durability.Full);
            }
            finally
            {
                written.Set();
            }
        });

        SearchResults results;
        try
        {
            results = store.Search(new SearchRequest { Query = query, K = 5, Metric = DistanceMetric.Euclidean });
        }
        finally
        {
            store.AfterPin = null;
            Assert.True(writer.Wait(HangGuard), "the writer hung");
        }

        return results;
    }
}
