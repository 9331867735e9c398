using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>
/// Client-side latencies of one kind of call (a batch write), summarized by nearest rank. It keeps
/// every sample: there is one per batch of a thousand records or so, so even a long session's
/// samples take little memory, and the percentiles are exact.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly Lock _lock = new();
    private readonly List<long> _ticks = [];

    public void Record(TimeSpan elapsed)
    {
        lock (_lock)
        {
            _ticks.Add(Math.Max(0, elapsed.Ticks));
        }
    }

    public LatencySummary Summarize()
    {
        long[] sorted;
        lock (_lock)
        {
            if (_ticks.Count == 0)
            {
                return LatencySummary.Empty;
            }

            sorted = [.. _ticks];
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, At(sorted, 0.50), At(sorted, 0.95), At(sorted, 0.99), TimeSpan.FromTicks(sorted[^1]));
    }

    private static TimeSpan At(long[] sorted, double p) =>
        TimeSpan.FromTicks(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)]);
}
