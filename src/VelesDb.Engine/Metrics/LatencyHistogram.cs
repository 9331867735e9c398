using System.Numerics;

namespace VelesDb.Engine.Metrics;

/// <summary>
/// A log-linear latency histogram: 16 sub-buckets per power of two of nanoseconds, so any
/// reported value is within 6.25 % of a recorded one, in constant memory. Percentiles use the
/// nearest-rank rule (rank = ⌈p·n⌉) and are clamped to the exact minimum and maximum seen, so
/// with one sample every percentile is that sample, and a single slow call out of two is the p99.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 4;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Buckets = (64 - SubBucketBits + 1) * SubBuckets;

    private readonly long[] _counts = new long[Buckets];
    private readonly Lock _lock = new();
    private long _total;
    private long _min = long.MaxValue;
    private long _max;

    public void Record(TimeSpan elapsed)
    {
        var nanoseconds = Math.Max(0, (long)(elapsed.Ticks * 100));
        lock (_lock)
        {
            _counts[BucketOf(nanoseconds)]++;
            _total++;
            _min = Math.Min(_min, nanoseconds);
            _max = Math.Max(_max, nanoseconds);
        }
    }

    public LatencySummary Summarize()
    {
        lock (_lock)
        {
            if (_total == 0)
            {
                return LatencySummary.Empty;
            }

            return new LatencySummary(
                _total,
                ToTimeSpan(Percentile(0.50)),
                ToTimeSpan(Percentile(0.95)),
                ToTimeSpan(Percentile(0.99)),
                ToTimeSpan(_max));
        }
    }

    private long Percentile(double p)
    {
        var rank = Math.Max(1, (long)Math.Ceiling(p * _total));
        var seen = 0L;
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            seen += _counts[bucket];
            if (seen >= rank)
            {
                return Math.Clamp(UpperBoundOf(bucket), _min, _max);
            }
        }

        return _max;
    }

    private static int BucketOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var magnitude = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = magnitude - SubBucketBits;
        var sub = (int)(value >> shift) & (SubBuckets - 1);
        return ((shift + 1) * SubBuckets) + sub;
    }

    private static long UpperBoundOf(int bucket)
    {
        if (bucket < SubBuckets)
        {
            return bucket;
        }

        var shift = (bucket / SubBuckets) - 1;
        var sub = bucket % SubBuckets;
        var lower = (long)(SubBuckets + sub) << shift;
        return lower + (1L << shift) - 1;
    }

    private static TimeSpan ToTimeSpan(long nanoseconds) => TimeSpan.FromTicks(nanoseconds / 100);
}
