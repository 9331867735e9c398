using System.Net;

namespace VelesDb.Redis.Tests;

/// <summary>Each test here has a Garnet of its own, because it kills, restarts or locks it.</summary>
public sealed class ServerFailureTests
{
    private readonly RedisStoreProvider _provider = new();

    [Fact]
    public void A_server_that_dies_mid_session_makes_writes_name_the_keys_not_stored_and_reads_fail_clearly()
    {
        using var garnet = GarnetServer.With();
        var location = _provider.Locate(garnet.NewLocation());
        // Long enough for the first connection on a loaded machine; each failed reconnection after the kill waits as long.
        var settings = new RedisStoreSettings { ConnectTimeout = TimeSpan.FromSeconds(5) };
        using var store = _provider.Create(location, new StoreCreateOptions { Dimension = 2 }, settings);
        using (var first = store.BeginWrite())
        {
            first.Add(1UL, [1, 0], null);
        }

        garnet.Kill();

        using var writer = store.BeginWrite();
        writer.Add(2UL, [0, 1], null);
        writer.Add(RecordKey.FromText("x"), [1, 1], null);
        var write = Assert.Throws<WriteNotAcknowledgedException>(() => writer.Commit());
        Assert.Equal([RecordKey.FromNumber(2), RecordKey.FromText("x")], write.Keys);
        Assert.IsType<ServerUnavailableException>(write.InnerException);
        Assert.Throws<ServerUnavailableException>(() => store.Read([1UL]));
        Assert.Throws<ServerUnavailableException>(() => store.Search(new SearchRequest { Query = [1, 0], K = 1 }));
    }

    [Fact]
    public void Every_acknowledged_write_survives_a_killed_server_restarted_with_recover_when_it_keeps_an_append_only_file()
    {
        using var garnet = GarnetServer.With("--aof");
        var location = _provider.Locate(garnet.NewLocation());
        var vectors = Enumerable.Range(0, 500).Select(i => new[] { i, 1f / (i + 1), -i }).ToArray();
        using (var store = _provider.Create(location, new StoreCreateOptions { Dimension = 3, Metric = DistanceMetric.Euclidean, Durability = Durability.Full }))
        using (var writer = store.BeginWrite(new WriteScopeOptions { BatchSize = 128 }))
        {
            for (var i = 0; i < vectors.Length; i++)
            {
                writer.Add((ulong)i, vectors[i], i % 2 == 0 ? RecordAttributes.FromJson($$"""{"i":{{i}}}""") : null);
            }

            writer.Commit();
        }

        garnet.KillAndRestart("--aof", "--recover");

        using var reopened = _provider.Open(location, new StoreOpenOptions());
        Assert.Equal(vectors.Length, reopened.Count);
        Assert.Equal(DistanceMetric.Euclidean, reopened.Metric);
        var records = reopened.ReadAll().ToList();
        Assert.Equal(vectors, records.Select(r => r.Vector));
        Assert.Equal("""{"i":42}""", records[42].Attributes!.Json);
        Assert.True(records[43].Attributes!.IsEmpty);
        Assert.Equal(RecordKey.FromNumber(10), reopened.Search(new SearchRequest { Query = vectors[10], K = 1 }).Matches[0].Key);
    }

    [Fact]
    public void A_session_goes_on_after_the_server_restarts_and_resends_the_batch_that_found_the_connection_lost()
    {
        using var garnet = GarnetServer.With("--aof");
        var location = _provider.Locate(garnet.NewLocation());
        var settings = new RedisStoreSettings { ConnectTimeout = TimeSpan.FromSeconds(30) };
        using var store = _provider.Create(location, new StoreCreateOptions { Dimension = 2 }, settings);
        using (var before = store.BeginWrite())
        {
            before.Add(1UL, [1, 0], null);
        }

        garnet.KillAndRestart("--aof", "--recover");

        using (var after = store.BeginWrite())
        {
            after.Add(2UL, [0, 1], null);
        }

        Assert.Equal([RecordKey.FromNumber(1), RecordKey.FromNumber(2)], store.ReadAll().Select(r => r.Key));
    }

    [Fact]
    public void A_server_without_vector_sets_is_refused_as_lacking_them()
    {
        using var garnet = GarnetServer.With(GarnetServer.NoVectorSets);
        var location = _provider.Locate(garnet.NewLocation());

        var e = Assert.Throws<CapabilityNotSupportedException>(() => _provider.Create(location, new StoreCreateOptions { Dimension = 2 }));
        Assert.Contains("--enable-vector-set-preview", e.Message, StringComparison.Ordinal);
        Assert.Throws<CapabilityNotSupportedException>(() => _provider.Open(location, new StoreOpenOptions()));
    }

    [Fact]
    public void A_server_that_wants_a_password_refuses_a_wrong_or_missing_one_without_showing_it()
    {
        using var garnet = GarnetServer.With("--auth", "Password", "--password", "s3cret-pw");
        var location = _provider.Locate(garnet.NewLocation());
        var options = new StoreCreateOptions { Dimension = 2 };

        Assert.Throws<ServerAuthenticationException>(() => _provider.Create(location, options));
        var wrong = Assert.Throws<ServerAuthenticationException>(() => _provider.Create(location, options, new RedisStoreSettings { Credential = new NetworkCredential("", "not-it") }));
        Assert.DoesNotContain("not-it", wrong.ToString(), StringComparison.Ordinal);

        using var store = _provider.Create(location, options, new RedisStoreSettings { Credential = new NetworkCredential("", "s3cret-pw") });
        Assert.Equal(0, store.Count);
        Assert.DoesNotContain("s3cret", store.Locator.Canonical, StringComparison.Ordinal);
    }
}
