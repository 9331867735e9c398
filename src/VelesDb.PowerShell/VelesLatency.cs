using System.Globalization;
using VelesDb.Engine;

namespace VelesDb.PowerShell;

/// <summary>Latency percentiles of one kind of operation since the store was opened.</summary>
public sealed class VelesLatency
{
    internal VelesLatency(LatencySummary summary)
    {
        Count = summary.Count;
        P50 = summary.P50;
        P95 = summary.P95;
        P99 = summary.P99;
        Max = summary.Max;
    }

    /// <summary>How many operations were timed.</summary>
    public long Count { get; }

    /// <summary>Median.</summary>
    public TimeSpan P50 { get; }

    /// <summary>95th percentile.</summary>
    public TimeSpan P95 { get; }

    /// <summary>99th percentile.</summary>
    public TimeSpan P99 { get; }

    /// <summary>The slowest.</summary>
    public TimeSpan Max { get; }

    /// <summary>For example <c>p50 0.041 ms, p95 0.090 ms, p99 0.210 ms, max 1.300 ms (n=120)</c>.</summary>
    public override string ToString() => Count == 0
        ? "none timed"
        : string.Create(CultureInfo.InvariantCulture,
            $"p50 {P50.TotalMilliseconds:0.000} ms, p95 {P95.TotalMilliseconds:0.000} ms, p99 {P99.TotalMilliseconds:0.000} ms, max {Max.TotalMilliseconds:0.000} ms (n={Count})");
}
