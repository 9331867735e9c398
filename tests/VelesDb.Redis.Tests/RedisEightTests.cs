namespace VelesDb.Redis.Tests;

/// <summary>
/// The store's behaviours on Redis 8 (where one is on PATH), with its known differences from
/// Garnet asserted as such: cosine only, similarities converted to the module's convention.
/// </summary>
[Collection(OnRedisEight.Name)]
public sealed class RedisEightTests(RedisEightServer redis) : IDisposable
{
    private readonly RedisStoreProvider _provider = new();
    private readonly List<IDisposable> _opened = [];

    [Redis8Fact]
    public void Records_come_back_exactly_with_their_keys_and_attributes()
    {
        var location = redis.NewLocation();
        var store = Create(location, 3);
        Write(store, (42UL, [0.1f, -1e-30f, 1f / 3], """{"lang":"en","n":[1,2.5]}"""), (RecordKey.FromText("042"), [0, 1, 0], null));
        Assert.Equal(2, store.Count);
        var all = store.ReadAll().ToList();
        Assert.Equal([RecordKey.FromNumber(42), RecordKey.FromText("042")], all.Select(r => r.Key));
        Assert.Equal([0.1f, -1e-30f, 1f / 3], all[0].Vector);
        Assert.Equal("""{"lang":"en","n":[1,2.5]}""", all[0].Attributes!.Json);

        using var reopened = _provider.Open(_provider.Locate(location), new StoreOpenOptions());
        Assert.Equal(3, reopened.Dimension);
        Assert.Equal(DistanceMetric.Cosine, reopened.Metric);
    }

    [Redis8Fact]
    public void Search_scores_cosine_similarity_in_the_module_convention_and_filters_by_attributes()
    {
        var store = Create(redis.NewLocation(), 2);
        Write(store, (1UL, [1, 0], """{"c":"red"}"""), (2UL, [0, 1], """{"c":"blue"}"""), (3UL, [1, 1], """{"c":"red"}"""));

        var hits = store.Search(new SearchRequest { Query = [1, 0], K = 3 });
        Assert.False(hits.Exact);
        Assert.Equal(RecordKey.FromNumber(1), hits.Matches[0].Key);
        Assert.Equal(1f, hits.Matches[0].Score, 3);
        Assert.Equal(MathF.Sqrt(0.5f), hits.Matches.Single(m => m.Key == RecordKey.FromNumber(3)).Score, 3);

        var red = store.Search(new SearchRequest { Query = [0, 1], K = 3, Filter = """.c == "red" """ });
        Assert.Equal([RecordKey.FromNumber(1), RecordKey.FromNumber(3)], red.Matches.Select(m => m.Key).Order());
    }

    [Redis8Fact]
    public void A_metric_other_than_cosine_is_refused_as_not_supported_by_redis()
    {
        var e = Assert.Throws<CapabilityNotSupportedException>(() =>
            _provider.Create(_provider.Locate(redis.NewLocation()), new StoreCreateOptions { Dimension = 2, Metric = DistanceMetric.Euclidean }));
        Assert.Contains("cosine", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }
    }

    private IVectorStore Create(string location, int dimension)
    {
        var store = _provider.Create(_provider.Locate(location), new StoreCreateOptions { Dimension = dimension });
        _opened.Add(store);
        return store;
    }

    private static void Write(IVectorStore store, params (RecordKey Key, float[] Vector, string? Json)[] records)
    {
        using var writer = store.BeginWrite();
        foreach (var (key, vector, json) in records)
        {
            writer.Add(key, vector, json is null ? null : RecordAttributes.FromJson(json));
        }

        writer.Commit();
    }
}
