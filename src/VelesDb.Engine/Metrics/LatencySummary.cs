namespace VelesDb.Engine;

/// <summary>Latency percentiles of one kind of operation (nearest-rank, within 6.25 %).</summary>
/// <param name="Count">How many operations were timed.</param>
/// <param name="P50">Median.</param>
/// <param name="P95">95th percentile.</param>
/// <param name="P99">99th percentile.</param>
/// <param name="Max">The slowest, exactly.</param>
public sealed record LatencySummary(long Count, TimeSpan P50, TimeSpan P95, TimeSpan P99, TimeSpan Max)
{
    /// <summary>Nothing timed yet.</summary>
    public static LatencySummary Empty { get; } = new(0, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
}
