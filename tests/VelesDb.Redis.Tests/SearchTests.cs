namespace VelesDb.Redis.Tests;

[Collection(OnGarnet.Name)]
public sealed class SearchTests(GarnetServer garnet) : ServerStoreTests(garnet)
{
    private static readonly (RecordKey Key, float[] Vector, string? Json)[] Records =
    [
        (1UL, [1, 0, 0], """{"color":"red","size":1}"""),
        (2UL, [0.9f, 0.1f, 0], """{"color":"blue","size":2}"""),
        (3UL, [0, 1, 0], """{"color":"red","size":3}"""),
        (RecordKey.FromText("far"), [-2, -2, 1], """{"color":"green","size":4}"""),
    ];

    [Theory]
    [InlineData(DistanceMetric.Cosine)]
    [InlineData(DistanceMetric.DotProduct)]
    [InlineData(DistanceMetric.Euclidean)]
    public void Scores_are_in_the_module_convention_whatever_the_server_reports(DistanceMetric metric)
    {
        using var store = Create(Garnet.NewLocation(), 3, metric);
        Write(store, Records);
        float[] query = [1, 0.2f, 0];

        var results = store.Search(new SearchRequest { Query = query, K = 4 });

        Assert.False(results.Exact);
        Assert.Equal(metric, results.Metric);
        Assert.Equal(4, results.Matches.Count);
        var expected = Records
            .Select(r => (r.Key, Score: Exact(metric, query, r.Vector)))
            .OrderBy(r => metric == DistanceMetric.Euclidean ? r.Score : -r.Score)
            .ToList();
        Assert.Equal(expected.Select(e => e.Key), results.Matches.Select(m => m.Key));
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Score, results.Matches[i].Score, 3);
        }
    }

    [Fact]
    public void A_filter_keeps_only_the_records_it_matches()
    {
        using var store = Create(Garnet.NewLocation(), 3);
        Write(store, Records);

        var results = store.Search(new SearchRequest { Query = [1, 0, 0], K = 10, Filter = ".color == \"red\" and .size > 1" });

        Assert.Equal([RecordKey.FromNumber(3)], results.Matches.Select(m => m.Key));
    }

    [Fact]
    public void A_malformed_filter_is_an_InvalidFilterException_before_any_round_trip()
    {
        using var store = Create(Garnet.NewLocation(), 3);
        var e = Assert.Throws<InvalidFilterException>(() => store.Search(new SearchRequest { Query = [1, 0, 0], K = 1, Filter = ".color == " }));
        Assert.True(e.Position > 0);
    }

    [Fact]
    public void Asking_for_another_metric_than_the_store_was_created_with_is_refused()
    {
        using var store = Create(Garnet.NewLocation(), 3, DistanceMetric.Cosine);
        Assert.Throws<CapabilityNotSupportedException>(() => store.Search(new SearchRequest { Query = [1, 0, 0], K = 1, Metric = DistanceMetric.Euclidean }));
        Assert.Empty(store.Search(new SearchRequest { Query = [1, 0, 0], K = 1, Metric = DistanceMetric.Cosine }).Matches);
    }

    [Fact]
    public void A_query_of_the_wrong_dimension_is_refused()
    {
        using var store = Create(Garnet.NewLocation(), 3);
        Assert.Throws<DimensionMismatchException>(() => store.Search(new SearchRequest { Query = [1, 0], K = 1 }));
    }

    [Fact]
    public void The_effort_is_passed_as_EF_and_finds_the_true_neighbours_of_a_small_set()
    {
        using var store = Create(Garnet.NewLocation(), 8, DistanceMetric.Euclidean);
        var random = new Random(7);
        var vectors = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 8).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        using (var writer = store.BeginWrite())
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                writer.Add((ulong)i, vectors[i], null);
            }
        }

        var query = vectors[17];
        var results = store.Search(new SearchRequest { Query = query, K = 5, Effort = 500 });
        var truth = Enumerable.Range(0, vectors.Length).OrderBy(i => Exact(DistanceMetric.Euclidean, query, vectors[i])).Take(5).Select(i => (ulong)i);

        Assert.Equal(truth, results.Matches.Select(m => m.Key.Number));
        Assert.Equal(0f, results.Matches[0].Score, 5);
    }

    [Fact]
    public void An_exact_search_or_one_among_candidates_is_scored_by_the_client_and_says_exact()
    {
        using var store = Create(Garnet.NewLocation(), 3, DistanceMetric.DotProduct);
        Write(store, Records);

        var exact = store.Search(new SearchRequest { Query = [1, 0, 0], K = 2, Exact = true, Filter = ".size >= 2" });
        var among = store.Search(new SearchRequest { Query = [1, 0, 0], K = 5, Candidates = new HashSet<RecordKey> { 3UL, RecordKey.FromText("far"), 77UL } });

        Assert.True(exact.Exact);
        Assert.Equal([RecordKey.FromNumber(2), RecordKey.FromNumber(3)], exact.Matches.Select(m => m.Key));
        Assert.Equal(0.9f, exact.Matches[0].Score, 5);
        Assert.True(among.Exact);
        Assert.Equal([RecordKey.FromNumber(3), RecordKey.FromText("far")], among.Matches.Select(m => m.Key));
    }

    private static float Exact(DistanceMetric metric, float[] a, float[] b)
    {
        double dot = 0, aa = 0, bb = 0, d2 = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
            d2 += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return metric switch
        {
            DistanceMetric.Cosine => (float)(dot / Math.Sqrt(aa * bb)),
            DistanceMetric.DotProduct => (float)dot,
            _ => (float)Math.Sqrt(d2),
        };
    }
}
