namespace VelesDb.Redis.Tests;

[Collection(OnGarnet.Name)]
public sealed class LifecycleTests(GarnetServer garnet) : ServerStoreTests(garnet)
{
    [Fact]
    public void A_created_store_opens_with_its_dimension_metric_and_quantization()
    {
        var location = Garnet.NewLocation();
        using (var created = Create(location, 4, DistanceMetric.Euclidean))
        {
            Assert.Equal(4, created.Dimension);
            Assert.Equal(0, created.Count);
        }

        using var opened = Open(location);
        Assert.Equal(4, opened.Dimension);
        Assert.Equal(DistanceMetric.Euclidean, ((IVectorStore)opened).Metric);
        Assert.Equal(VectorQuantization.None, opened.Quantization);
        Assert.Equal("Redis", opened.Backend);
        Assert.True(opened.IsOpen);
    }

    [Fact]
    public void The_metric_defaults_to_cosine()
    {
        using var store = Create(Garnet.NewLocation(), 3);
        Assert.Equal(DistanceMetric.Cosine, store.Metric);
    }

    [Fact]
    public void Creating_where_a_store_exists_is_refused_and_leaves_it_alone()
    {
        var location = Garnet.NewLocation();
        using var first = Create(location, 3);
        Write(first, (1UL, [1, 2, 3], null));

        Assert.Throws<StoreExistsException>(() => Create(location, 8));
        Assert.Equal(1, first.Count);
        Assert.Equal(3, Open(location).Dimension);
    }

    [Fact]
    public void Opening_a_name_the_server_does_not_have_is_StoreNotFound()
    {
        var e = Assert.Throws<StoreNotFoundException>(() => Open(Garnet.NewLocation()));
        Assert.Contains("New-VelesStore", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_holding_a_string_is_a_foreign_key_for_create_and_open_and_is_not_changed()
    {
        var location = Garnet.NewLocation();
        var name = KeyOf(location);
        Raw.StringSet(name, "someone else's");

        var created = Assert.Throws<ForeignKeyException>(() => Create(location, 3));
        Assert.Equal(name, created.Key);
        var opened = Assert.Throws<ForeignKeyException>(() => Open(location));
        Assert.Contains("string", opened.Message, StringComparison.Ordinal);
        Assert.Equal("someone else's", (string?)Raw.StringGet(name));
    }

    [Fact]
    public void A_vector_set_another_client_made_is_not_opened_as_a_store()
    {
        var location = Garnet.NewLocation();
        Raw.Execute("VADD", KeyOf(location), "VALUES", "2", "1", "0", "a", "NOQUANT");

        var e = Assert.Throws<ForeignKeyException>(() => Open(location));
        Assert.Contains("metadata", e.Message, StringComparison.Ordinal);
        Assert.Throws<ForeignKeyException>(() => Create(location, 2));
    }

    [Fact]
    public void An_empty_store_can_be_opened_again_and_after_its_last_record_is_removed()
    {
        var location = Garnet.NewLocation();
        using (var store = Create(location, 2))
        {
            Write(store, (5UL, [1, 1], null));
            using var writer = store.BeginWrite();
            writer.Remove(5UL);
            writer.Commit();
            Assert.Equal(0, store.Count);
        }

        using var reopened = Open(location);
        Assert.Equal(0, reopened.Count);
        Assert.Empty(reopened.ReadAll());
    }

    [Fact]
    public void Int8_quantization_is_asked_of_the_server_as_Q8()
    {
        var location = Garnet.NewLocation();
        using var store = Create(location, 4, settings: new RedisStoreSettings { Quantization = VectorQuantization.Int8 });
        Write(store, (1UL, [0.5f, -0.25f, 1, 0], null));

        Assert.Equal("q8", store.GetMetrics().Details.Single(d => d.Key == "Server.quant-type").Value);
        Assert.Equal(VectorQuantization.Int8, Open(location).Quantization);
        var read = store.Read([1UL])[0]!;
        Assert.Equal(4, read.Vector.Length);
        Assert.InRange(read.Vector[2], 0.95f, 1.05f);
    }

    [Fact]
    public void A_server_that_is_not_running_is_a_clear_error_naming_it()
    {
        var location = $"redis://127.0.0.1:{GarnetServer.FreePort()}/nothing";
        var settings = new RedisStoreSettings { ConnectTimeout = TimeSpan.FromSeconds(2) };

        var open = Assert.Throws<ServerUnavailableException>(() => Provider.Open(Locate(location), new StoreOpenOptions(), settings));
        Assert.Contains("127.0.0.1", open.Server, StringComparison.Ordinal);
        Assert.Throws<ServerUnavailableException>(() => Provider.Create(Locate(location), new StoreCreateOptions { Dimension = 2 }, settings));
    }

    [Fact]
    public void A_closed_store_refuses_further_use()
    {
        var store = Create(Garnet.NewLocation(), 2);
        store.Dispose();

        Assert.False(store.IsOpen);
        Assert.Throws<ObjectDisposedException>(() => store.Count);
        Assert.Throws<ObjectDisposedException>(() => store.BeginWrite());
    }
}
