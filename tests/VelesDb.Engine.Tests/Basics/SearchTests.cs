using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

public sealed class SearchTests : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<DistanceMetric, int> MetricsAndSizes => new()
    {
        { DistanceMetric.Cosine, 300 },
        { DistanceMetric.DotProduct, 300 },
        { DistanceMetric.Euclidean, 300 },
        { DistanceMetric.Cosine, 40_000 },
        { DistanceMetric.Euclidean, 40_000 },
    };

    [Theory]
    [MemberData(nameof(MetricsAndSizes))]
    public void Results_match_a_double_precision_reference_with_deletes_and_overwrites(DistanceMetric metric, int count)
    {
        const int dim = 24;
        var random = new Random(count + (int)metric);
        var model = new Dictionary<ulong, float[]>();
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process });
        var ids = Enumerable.Range(0, count).Select(i => (ulong)i * 3).ToArray();
        var vectors = RandomVectors(random, ids.Length, dim);
        store.StoreBatch(ids, vectors);
        for (var i = 0; i < ids.Length; i++)
        {
            model[ids[i]] = vectors.AsSpan(i * dim, dim).ToArray();
        }

        var deleted = ids.Where(_ => random.NextDouble() < 0.2).ToArray();
        store.DeleteBatch(deleted);
        foreach (var id in deleted)
        {
            model.Remove(id);
        }

        var overwritten = model.Keys.Where(_ => random.NextDouble() < 0.1).ToArray();
        var fresh = RandomVectors(random, overwritten.Length, dim);
        store.StoreBatch(overwritten, fresh);
        for (var i = 0; i < overwritten.Length; i++)
        {
            model[overwritten[i]] = fresh.AsSpan(i * dim, dim).ToArray();
        }

        for (var q = 0; q < 5; q++)
        {
            AssertMatchesReference(store, model, metric, RandomVectors(random, 1, dim));
        }
    }

    [Fact]
    public void Cosine_stays_exact_when_overwrites_and_compaction_move_vectors_to_other_slots()
    {
        // Cosine keeps each slot's norm once computed; overwrites take new slots and compaction renumbers them all.
        const int dim = 16;
        var random = new Random(7);
        var model = new Dictionary<ulong, float[]>();
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process });
        void Put(ulong[] ids)
        {
            var vectors = RandomVectors(random, ids.Length, dim);
            store.StoreBatch(ids, vectors);
            for (var i = 0; i < ids.Length; i++)
            {
                model[ids[i]] = vectors.AsSpan(i * dim, dim).ToArray();
            }
        }

        Put([.. Enumerable.Range(0, 2_000).Select(i => (ulong)i)]);
        AssertMatchesReference(store, model, DistanceMetric.Cosine, RandomVectors(random, 1, dim));

        Put([.. Enumerable.Range(0, 2_000).Where(i => i % 2 == 0).Select(i => (ulong)i)]);
        Put([.. Enumerable.Range(5_000, 500).Select(i => (ulong)i)]);
        AssertMatchesReference(store, model, DistanceMetric.Cosine, RandomVectors(random, 1, dim));

        store.DeleteBatch([.. Enumerable.Range(0, 600).Select(i => (ulong)i)]);
        foreach (var id in Enumerable.Range(0, 600))
        {
            model.Remove((ulong)id);
        }

        _ = store.Compact();
        AssertMatchesReference(store, model, DistanceMetric.Cosine, RandomVectors(random, 1, dim));
        Put([.. Enumerable.Range(600, 300).Select(i => (ulong)i)]);
        AssertMatchesReference(store, model, DistanceMetric.Cosine, RandomVectors(random, 1, dim));
    }

    private static void AssertMatchesReference(MmapVectorStore store, Dictionary<ulong, float[]> model, DistanceMetric metric, float[] query)
    {
        var hits = store.Search(query, 10, metric);
        var reference = model.Select(e => (Id: e.Key, Score: ReferenceScore(metric, query, e.Value)))
            .OrderBy(e => metric == DistanceMetric.Euclidean ? e.Score : -e.Score).ThenBy(e => e.Id).Take(10).ToList();

        Assert.Equal(10, hits.Count);
        for (var r = 0; r < hits.Count; r++)
        {
            Assert.True(model.ContainsKey(hits[r].Id), $"deleted id {hits[r].Id} returned");
            Assert.Equal(reference[r].Score, hits[r].Score, 1e-4);
            Assert.Equal(ReferenceScore(metric, query, model[hits[r].Id]), hits[r].Score, 1e-4);
        }
    }

    [Fact]
    public void Equal_scores_are_ordered_by_smaller_id()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, 2);
        store.StoreBatch([9, 4, 7, 1], [1, 0, 1, 0, 1, 0, 0, 1]);

        var hits = store.Search([1f, 0f], 3, DistanceMetric.DotProduct);

        Assert.Equal(new ulong[] { 4, 7, 9 }, hits.Select(h => h.Id));
        Assert.All(hits, h => Assert.Equal(1f, h.Score));
    }

    [Fact]
    public void Euclidean_scores_are_plain_distances_closest_first()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, 2);
        store.StoreBatch([1, 2, 3], [3, 4, 1, 0, 0, 0]);

        var hits = store.Search([0f, 0f], 3, DistanceMetric.Euclidean);

        Assert.Equal(new[] { new SearchHit(3, 0f), new SearchHit(2, 1f), new SearchHit(1, 5f) }, hits);
    }

    [Fact]
    public void A_filter_restricts_results_to_the_given_ids()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, 2);
        var ids = Enumerable.Range(1, 1000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, ids.SelectMany(id => new[] { (float)id, 1f }).ToArray());

        var hits = store.Search([1f, 0f], 5, DistanceMetric.DotProduct, new HashSet<ulong> { 3, 10, 500, 99_999 });

        Assert.Equal(new ulong[] { 500, 10, 3 }, hits.Select(h => h.Id));
    }

    [Fact]
    public void One_core_and_all_cores_find_the_same_neighbours()
    {
        const int dim = 8;
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process });
        var random = new Random(5);
        var ids = Enumerable.Range(0, 70_000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, RandomVectors(random, ids.Length, dim));
        var query = RandomVectors(random, 1, dim);

        Assert.Equal(store.Search(query, 25, DistanceMetric.Euclidean, maxDegreeOfParallelism: 1), store.Search(query, 25, DistanceMetric.Euclidean));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Search(query, 1, DistanceMetric.Euclidean, maxDegreeOfParallelism: 0));
    }

    [Fact]
    public void Fewer_vectors_than_k_returns_them_all()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, 2);
        store.StoreBatch([1, 2], [1, 0, 0, 1]);
        Assert.Equal(2, store.Search([1f, 1f], 10, DistanceMetric.Cosine).Count);
    }

    [Fact]
    public void Bad_queries_are_refused_clearly()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, 2);
        store.Store(1, [1, 0]);

        Assert.Throws<DimensionMismatchException>(() => store.Search([1f, 0f, 0f], 1, DistanceMetric.Cosine));
        Assert.Throws<InvalidVectorException>(() => store.Search([float.NaN, 0f], 1, DistanceMetric.Euclidean));
        Assert.Throws<InvalidVectorException>(() => store.Search([0f, 0f], 1, DistanceMetric.Cosine));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Search([1f, 0f], 0, DistanceMetric.Cosine));
        Assert.Throws<ArgumentOutOfRangeException>(() => store.Search([1f, 0f], -3, DistanceMetric.Cosine));
        Assert.Single(store.Search([0f, 0f], 1, DistanceMetric.Euclidean));
    }

    [Fact]
    public async Task Search_runs_safely_while_the_store_is_rewritten_and_compacted()
    {
        const int dim = 16;
        using var store = MmapVectorStore.Create(_dir.StorePath, dim, new VectorStoreOptions { Durability = Durability.Process });
        var ids = Enumerable.Range(0, 50_000).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, dim));
        var writer = Task.Factory.StartNew(() =>
        {
            for (var round = 1; round <= 4; round++)
            {
                store.StoreBatch(ids, Vectors.Batch(ids, dim, version: round));
                store.Compact();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        var searches = 0;
        while (!writer.IsCompleted || searches == 0)
        {
            var hits = store.Search(Vectors.For(777, dim), 3, DistanceMetric.Euclidean);
            Assert.Equal(3, hits.Count);
            Assert.Equal(hits.Count, hits.Select(h => h.Id).Distinct().Count());
            searches++;
        }

        await writer;
    }

    private static float[] RandomVectors(Random random, int count, int dim)
    {
        var all = new float[count * dim];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return all;
    }

    private static double ReferenceScore(DistanceMetric metric, float[] query, float[] vector)
    {
        double dot = 0, qq = 0, vv = 0, dd = 0;
        for (var i = 0; i < query.Length; i++)
        {
            dot += (double)query[i] * vector[i];
            qq += (double)query[i] * query[i];
            vv += (double)vector[i] * vector[i];
            dd += ((double)query[i] - vector[i]) * ((double)query[i] - vector[i]);
        }

        return metric switch
        {
            DistanceMetric.DotProduct => dot,
            DistanceMetric.Euclidean => Math.Sqrt(dd),
            _ => vv == 0 ? 0 : dot / Math.Sqrt(qq * vv),
        };
    }
}
