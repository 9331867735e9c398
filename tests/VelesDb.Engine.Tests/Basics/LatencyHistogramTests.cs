using VelesDb.Engine.Metrics;

namespace VelesDb.Engine.Tests.Basics;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void With_one_sample_every_percentile_is_that_sample()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(42));

        var summary = histogram.Summarize();
        Assert.Equal(1, summary.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(42), summary.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(42), summary.P99);
        Assert.Equal(TimeSpan.FromMilliseconds(42), summary.Max);
    }

    [Fact]
    public void One_slow_call_among_few_is_the_p99_not_the_fastest()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMicroseconds(10));
        histogram.Record(TimeSpan.FromMilliseconds(500));

        var summary = histogram.Summarize();
        Assert.Equal(TimeSpan.FromMilliseconds(500), summary.P99);
        Assert.InRange(summary.P50, TimeSpan.FromMicroseconds(10), TimeSpan.FromMicroseconds(11));
    }

    [Fact]
    public void Percentiles_of_many_samples_are_within_the_histogram_resolution()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Record(TimeSpan.FromMicroseconds(i));
        }

        var summary = histogram.Summarize();
        AssertNear(500, summary.P50);
        AssertNear(950, summary.P95);
        AssertNear(990, summary.P99);
        Assert.Equal(TimeSpan.FromMicroseconds(1000), summary.Max);
    }

    [Fact]
    public void An_empty_histogram_reports_zero_counts()
    {
        Assert.Equal(LatencySummary.Empty, new LatencyHistogram().Summarize());
    }

    [Fact]
    public void Calls_that_did_not_grow_the_store_are_not_timed_as_growth()
    {
        using var dir = new Support.TempStoreDirectory();
        using var store = MmapVectorStore.Create(dir.StorePath, 4);
        for (ulong id = 0; id < 100; id++)
        {
            store.Store(id, [1, 2, 3, 4]);
        }

        var metrics = store.GetMetrics();
        Assert.Equal(0, metrics.ResizeCount);
        Assert.Equal(0, metrics.EnsureCapacityLatency.Count);
        Assert.Equal(100, metrics.BatchWriteLatency.Count);
        Assert.Equal(100, metrics.SyncLatency.Count); // small writes ride in the log: one sync each
    }

    private static void AssertNear(double expectedMicroseconds, TimeSpan actual) =>
        Assert.InRange(actual.TotalMicroseconds, expectedMicroseconds, expectedMicroseconds * 1.0625);
}
