using StackExchange.Redis;

namespace VelesDb.Redis.Tests;

public sealed class ClusterTests(GarnetCluster cluster) : IClassFixture<GarnetCluster>
{
    private readonly RedisStoreProvider _provider = new();

    [Fact]
    public void A_store_of_three_shards_puts_them_on_three_nodes_and_answers_as_one_store()
    {
        var location = _provider.Locate(cluster.NewLocation());
        var random = new Random(11);
        var vectors = Enumerable.Range(0, 300).Select(_ => Enumerable.Range(0, 4).Select(_ => (float)random.NextDouble()).ToArray()).ToArray();
        var settings = new RedisStoreSettings { Shards = 3 };
        using (var store = _provider.Create(location, new StoreCreateOptions { Dimension = 4, Metric = DistanceMetric.Euclidean }, settings))
        using (var writer = store.BeginWrite())
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                writer.Add(i % 10 == 0 ? RecordKey.FromText($"t{i}") : (ulong)i, vectors[i], RecordAttributes.FromJson($$"""{"even":{{(i % 2 == 0 ? "true" : "false")}}}"""));
            }
        }

        using var reopened = _provider.Open(location, new StoreOpenOptions());
        var shards = ShardNodes(location.Canonical[(location.Canonical.LastIndexOf('/') + 1)..]);
        Assert.Equal(3, shards.Select(s => s.Node).Distinct().Count());
        Assert.All(shards, s => Assert.True(s.Count > 50, $"shard on {s.Node} holds {s.Count}"));
        Assert.Equal(300, reopened.Count);
        Assert.Equal(300, shards.Sum(s => s.Count));

        var all = reopened.ReadAll().ToList();
        Assert.Equal(300, all.Count);
        Assert.Equal(all.Select(r => r.Key).Order(), all.Select(r => r.Key));
        Assert.Equal(vectors[7], reopened.Read([7UL])[0]!.Vector);

        var query = vectors[123];
        var truth = Enumerable.Range(0, 300).Where(i => i % 2 == 0)
            .OrderBy(i => vectors[i].Zip(query, (a, b) => (a - b) * (a - b)).Sum()).Take(5)
            .Select(i => i % 10 == 0 ? RecordKey.FromText($"t{i}") : (RecordKey)(ulong)i);
        var found = reopened.Search(new SearchRequest { Query = query, K = 5, Effort = 500, Filter = ".even" });
        Assert.Equal(truth, found.Matches.Select(m => m.Key));

        using (var writer = reopened.BeginWrite())
        {
            writer.Remove(7UL);
            writer.Remove(RecordKey.FromText("t10"));
        }

        Assert.Equal(298, reopened.Count);
        Assert.False(reopened.Contains(7UL));
    }

    [Fact]
    public void Shards_on_a_single_server_are_refused()
    {
        using var single = GarnetServer.With();
        var location = _provider.Locate(single.NewLocation());
        Assert.Throws<CapabilityNotSupportedException>(() => _provider.Create(location, new StoreCreateOptions { Dimension = 2 }, new RedisStoreSettings { Shards = 2 }));
    }

    /// <summary>For each shard of the store: the node that holds its vector set, and how many records it has.</summary>
    private List<(string Node, long Count)> ShardNodes(string name)
    {
        using var connection = ConnectionMultiplexer.Connect($"127.0.0.1:{cluster.Nodes[0].Port}");
        var db = connection.GetDatabase();
        var meta = db.HashGet(name + ":meta", "shards").ToString().Split(',');
        var config = connection.GetServers().First().ClusterConfiguration!;
        return [.. meta.Select(tag =>
        {
            RedisKey set = $"{{{tag}}}{name}";
            return (config.GetBySlot(connection.HashSlot(set))!.EndPoint!.ToString()!, db.VectorSetLength(set));
        })];
    }
}
