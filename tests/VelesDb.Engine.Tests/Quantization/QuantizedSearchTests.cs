using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Quantization;

/// <summary>
/// With Int8 quantization a search scans the int8 copy first and scores only the candidates its
/// bounds cannot rule out from their f32 vectors. On fixed seeds, over random and clustered data,
/// every metric, with overwrites, deletes, compaction, filters and candidate sets mixed in, the
/// answer must be the f32 scan's answer: the same keys in the same order with the same scores.
/// </summary>
public sealed class QuantizedSearchTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<DistanceMetric, bool> MetricsAndData => new()
    {
        { DistanceMetric.Cosine, false },
        { DistanceMetric.DotProduct, false },
        { DistanceMetric.Euclidean, false },
        { DistanceMetric.Cosine, true },
        { DistanceMetric.DotProduct, true },
        { DistanceMetric.Euclidean, true },
    };

    [Theory]
    [MemberData(nameof(MetricsAndData))]
    public void Quantized_results_are_the_exact_scans_top_k_through_overwrites_deletes_and_compaction(DistanceMetric metric, bool clustered)
    {
        const int dim = 40;
        const int count = 40_000;
        var random = new Random(17 + (int)metric + (clustered ? 100 : 0));
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process, Quantization = StoreQuantization.Int8 });
        var vectors = clustered ? QuantizedData.Clustered(random, count, dim, 50) : QuantizedData.Random(random, count, dim);
        var ids = Enumerable.Range(0, count).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, vectors);

        var tally = new Recall();
        Compare(store, random, vectors, dim, metric, 40, tally, "after the first load");

        // Overwrites and new ids, which the copy catches up with at the next search.
        var overwritten = ids.Where(_ => random.NextDouble() < 0.1).ToArray();
        store.StoreBatch(overwritten, clustered ? QuantizedData.Clustered(random, overwritten.Length, dim, 50) : QuantizedData.Random(random, overwritten.Length, dim));
        store.StoreBatch([900_000, 900_001], QuantizedData.Random(random, 2, dim));
        store.DeleteBatch(ids.Where(_ => random.NextDouble() < 0.15).ToArray());
        Compare(store, random, vectors, dim, metric, 40, tally, "after overwrites and deletes");

        store.Compact();
        Compare(store, random, vectors, dim, metric, 40, tally, "after compaction");

        // A write between searches lands in the slots after the copy's last catch-up.
        store.StoreBatch([950_000], QuantizedData.Random(random, 1, dim));
        Compare(store, random, vectors, dim, metric, 20, tally, "after one more write");

        output.WriteLine($"{metric}, {(clustered ? "clustered" : "random")}: recall@10 {tally.Value:F4} over {tally.Queries} queries");
        Assert.True(tally.Value >= 0.999, $"recall@10 {tally.Value} below 0.999");
        Assert.Equal(1.0, tally.Value);
    }

    [Theory]
    [InlineData(DistanceMetric.Cosine)]
    [InlineData(DistanceMetric.Euclidean)]
    public void Filters_and_candidate_sets_keep_exact_semantics_on_the_quantized_path(DistanceMetric metric)
    {
        const int dim = 16;
        var random = new Random(5);
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process, Quantization = StoreQuantization.Int8 });
        var vectors = QuantizedData.Clustered(random, 5_000, dim, 10);
        var contract = store;
        using (var scope = contract.BeginWrite())
        {
            for (var i = 0; i < 5_000; i++)
            {
                var key = i % 3 == 0 ? RecordKey.FromText($"doc-{i}") : RecordKey.FromNumber((ulong)i);
                scope.Add(key, vectors.AsSpan(i * dim, dim), RecordAttributes.FromJson($$"""{"group":{{i % 7}},"even":{{(i % 2 == 0 ? "true" : "false")}}}"""));
            }

            scope.Commit();
        }

        var candidates = Enumerable.Range(0, 5_000).Where(i => i % 5 == 0).Select(i => i % 3 == 0 ? RecordKey.FromText($"doc-{i}") : RecordKey.FromNumber((ulong)i)).ToHashSet();
        for (var q = 0; q < 30; q++)
        {
            var query = QuantizedData.QueryNear(random, vectors, dim, 0.02f);
            foreach (var request in new[]
            {
                new SearchRequest { Query = query, K = 10, Metric = metric, Filter = ".group == 3" },
                new SearchRequest { Query = query, K = 10, Metric = metric, Filter = ".even and .group > 2", Candidates = candidates },
                new SearchRequest { Query = query, K = 25, Metric = metric, Candidates = candidates },
            })
            {
                var quantized = contract.Search(request);
                var exact = contract.Search(request with { Exact = true });
                Assert.True(quantized.Quantized, "the Int8 store's search did not use its copy");
                Assert.False(exact.Quantized);
                Assert.True(quantized.Exact);
                Assert.Equal(exact.Matches, quantized.Matches);
                Assert.NotEmpty(quantized.Matches);
            }
        }
    }

    [Fact]
    public void Ties_are_ordered_by_the_smaller_id_on_the_quantized_path()
    {
        const int dim = 8;
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process, Quantization = StoreQuantization.Int8 });
        var same = new float[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var ids = new ulong[] { 90, 5, 77, 12, 3, 41 };
        store.StoreBatch(ids, Enumerable.Repeat(same, ids.Length).SelectMany(v => v).ToArray());
        store.StoreBatch([1000], [-1, -2, -3, -4, -5, -6, -7, -8]);
        foreach (var metric in new[] { DistanceMetric.Cosine, DistanceMetric.DotProduct, DistanceMetric.Euclidean })
        {
            var hits = store.Search(same, 4, metric);
            Assert.Equal(new ulong[] { 3, 5, 12, 41 }, hits.Select(h => h.Id));
        }
    }

    [Fact]
    public void An_all_zero_stored_vector_scores_zero_for_cosine_as_the_f32_scan_scores_it()
    {
        const int dim = 4;
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process, Quantization = StoreQuantization.Int8 });
        store.StoreBatch([1, 2, 3], [0, 0, 0, 0, -1, -1, -1, -1, 1e-30f, 0, 0, 0]);
        var contract = store;
        var request = new SearchRequest { Query = [1, 1, 1, 1], K = 3, Metric = DistanceMetric.Cosine };
        Assert.Equal(contract.Search(request with { Exact = true }).Matches, contract.Search(request).Matches);
    }

    private static void Compare(MmapVectorStore store, Random random, float[] vectors, int dim, DistanceMetric metric, int queries, Recall tally, string context)
    {
        var contract = store;
        for (var q = 0; q < queries; q++)
        {
            var query = q % 4 == 0 ? QuantizedData.Random(random, 1, dim) : QuantizedData.QueryNear(random, vectors, dim, 0.01f);
            var request = new SearchRequest { Query = query, K = 10, Metric = metric };
            var quantized = contract.Search(request);
            var exact = contract.Search(request with { Exact = true });
            Assert.True(quantized.Quantized, $"{context}: the search did not use the int8 copy");
            Assert.False(exact.Quantized, $"{context}: Exact = true still used the int8 copy");
            tally.Add(exact.Matches.Select(m => m.Key), quantized.Matches.Select(m => m.Key));
            Assert.True(exact.Matches.SequenceEqual(quantized.Matches), $"{context}, query {q}: the quantized answer differs from the f32 scan's");
        }
    }

    private sealed class Recall
    {
        private long _found;
        private long _wanted;

        public int Queries { get; private set; }

        public double Value => _wanted == 0 ? 1 : (double)_found / _wanted;

        public void Add(IEnumerable<RecordKey> truth, IEnumerable<RecordKey> answer)
        {
            var expected = truth.ToHashSet();
            _wanted += expected.Count;
            _found += answer.Count(expected.Contains);
            Queries++;
        }
    }
}
