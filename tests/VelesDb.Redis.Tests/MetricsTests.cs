namespace VelesDb.Redis.Tests;

[Collection(OnGarnet.Name)]
public sealed class MetricsTests(GarnetServer garnet) : ServerStoreTests(garnet)
{
    [Fact]
    public void Metrics_report_what_the_server_and_the_client_know()
    {
        var location = Garnet.NewLocation();
        using var store = Create(location, 3, DistanceMetric.DotProduct);
        Write(store, (1UL, [1, 0, 0], null), (2UL, [0, 1, 0], """{"a":1}"""));
        _ = store.Read([1UL, 2UL, 3UL]);

        var metrics = store.GetMetrics();

        Assert.Equal(store.Locator, metrics.Locator);
        Assert.Equal("Redis", metrics.Backend);
        Assert.Equal(2, metrics.Count);
        Assert.Equal(3, metrics.Dimension);
        Assert.Equal(2, metrics.StoredCount);
        Assert.Equal(2, metrics.RetrievedCount);
        Assert.Equal(1, metrics.BatchWriteLatency.Count);
        var details = metrics.Details.ToDictionary(d => d.Key, d => d.Value);
        Assert.Equal("Garnet", details["Server"]);
        Assert.Equal("DotProduct", details["Metric"]);
        Assert.Equal("None", details["Quantization"]);
        Assert.Equal("f32", details["Server.quant-type"]);
        Assert.Equal("inner-product", details["Server.distance-metric"]);
        Assert.True((long)details["ServerMemoryBytes"]! > 0);
    }
}
