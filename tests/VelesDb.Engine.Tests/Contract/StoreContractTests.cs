using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Contract;

/// <summary>The embedded engine seen through the store contract: reads, streaming, search, metrics, capabilities.</summary>
public sealed class StoreContractTests : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private IVectorStore CreateWith(params ulong[] ids)
    {
        var store = StoreProviders.Embedded.Create(StoreProviders.Locate(_dir.StorePath).Locator, new StoreCreateOptions { Dimension = Dim });
        using var scope = store.BeginWrite();
        foreach (var id in ids)
        {
            scope.Add(id, Vectors.For(id, Dim));
        }

        scope.Commit();
        return store;
    }

    [Fact]
    public void Reading_many_keys_answers_in_their_order_with_null_for_the_absent()
    {
        using var store = CreateWith(1, 2, 3);
        var records = store.Read([3, 9, 1]);
        Assert.Equal(3, records.Count);
        Assert.Equal(3UL, records[0]!.Key.Number);
        Assert.Equal(Vectors.For(3, Dim), records[0]!.Vector);
        Assert.Null(records[1]);
        Assert.Equal(Vectors.For(1, Dim), records[2]!.Vector);
    }

    [Fact]
    public void Streaming_every_record_gives_each_once_in_key_order()
    {
        var ids = Enumerable.Range(0, 3000).Select(i => (ulong)((i * 7919) % 3001)).Distinct().ToArray();
        using var store = CreateWith(ids);
        var streamed = store.ReadAll().ToList();
        Assert.Equal(ids.Order(), streamed.Select(r => r.Key.Number));
        Assert.All(streamed, r => Assert.Equal(Vectors.For(r.Key.Number, Dim), r.Vector));
    }

    [Fact]
    public void A_search_request_answers_as_the_direct_search_does_and_says_it_was_exact()
    {
        using var store = CreateWith(1, 2, 3, 4, 5);
        var query = Vectors.For(3, Dim);
        var results = store.Search(new SearchRequest { Query = query, K = 3, Metric = DistanceMetric.Euclidean, Candidates = new HashSet<RecordKey> { 1, 3, 5 } });
        var direct = ((MmapVectorStore)store).Search(query, 3, DistanceMetric.Euclidean, new HashSet<ulong> { 1, 3, 5 });

        Assert.True(results.Exact);
        Assert.Equal(DistanceMetric.Euclidean, results.Metric);
        Assert.Equal(direct.Select(h => (h.Id, h.Score)), results.Matches.Select(m => (m.Key.Number, m.Score)));
    }

    [Fact]
    public void A_search_without_a_metric_ranks_by_cosine()
    {
        using var store = CreateWith(1, 2);
        Assert.Equal(DistanceMetric.Cosine, store.Search(new SearchRequest { Query = Vectors.For(1, Dim), K = 1 }).Metric);
    }

    [Fact]
    public void Metrics_carry_the_common_figures_and_the_files_of_the_embedded_engine()
    {
        using var store = CreateWith(1, 2, 3);
        var report = store.GetMetrics();
        Assert.Equal("Mmap", report.Backend);
        Assert.Equal(3, report.Count);
        Assert.Equal(Dim, report.Dimension);
        Assert.Equal(3, report.StoredCount);
        Assert.Equal(store.Locator, report.Locator);
        var details = report.Details.ToDictionary(d => d.Key, d => d.Value);
        Assert.True((long)details["DataFileBytes"]! > 0);
        Assert.IsType<LatencySummary>(details["SyncLatency"]);
    }

    [Fact]
    public void The_embedded_engine_offers_every_optional_capability()
    {
        using var store = CreateWith(1);
        Assert.IsAssignableFrom<ICompactingStore>(store);
        Assert.IsAssignableFrom<IVerifyingStore>(store);
        Assert.IsAssignableFrom<IZeroCopyStore>(store);
        Assert.Equal(1, ((IVerifyingStore)store).Verify());
    }

    [Fact]
    public void Closing_through_the_contract_closes_the_store()
    {
        var store = CreateWith(1);
        Assert.True(store.IsOpen);
        store.Dispose();
        Assert.False(store.IsOpen);
    }
}
