using System.Collections.Concurrent;
using System.Diagnostics;

namespace VelesDb.Benchmarks.Workloads;

/// <summary>
/// Where a zero-copy read's time can go, built up one step at a time over the data set in memory
/// (one thread, the same random ids): touch the vector's first and last component by position;
/// look the position up in a ConcurrentDictionary first, or in a
/// Dictionary; and add an Interlocked increment/decrement pair per read (what pinning a mapping
/// for the length of a view costs: a locked instruction is a full fence, so one read's cache
/// misses can no longer overlap the next one's).
/// </summary>
internal static class RandomReadAnatomy
{
    public static string Describe(DataSet data, ulong[] ids, BenchSettings settings)
    {
        var concurrent = new ConcurrentDictionary<ulong, long>(Environment.ProcessorCount, data.Count);
        var plain = new Dictionary<ulong, long>(data.Count);
        for (var i = 0; i < data.Count; i++)
        {
            concurrent[(ulong)i] = i;
            plain[(ulong)i] = i;
        }

        long pins = 0;
        var byPosition = Rate(settings, data, ids, id => (long)id);
        var viaPlain = Rate(settings, data, ids, id => plain[id]);
        var viaConcurrent = Rate(settings, data, ids, id => concurrent[id]);
        var viaConcurrentPinned = Rate(settings, data, ids, id =>
        {
            Interlocked.Increment(ref pins);
            var position = concurrent[id];
            Interlocked.Decrement(ref pins);
            return position;
        });
        return $"random zero-copy reads, built up step by step in memory: by position {Metric(byPosition)}; " +
            $"through a Dictionary {Metric(viaPlain)}; through a ConcurrentDictionary {Metric(viaConcurrent)}; " +
            $"ConcurrentDictionary + an Interlocked increment/decrement pair per read {Metric(viaConcurrentPinned)}";
    }

    private static string Metric(double rate) => $"{Report.Metric.Number(rate)}/s ({1e9 / rate:0} ns)";

    private static double Rate(BenchSettings settings, DataSet data, ulong[] ids, Func<ulong, long> locate)
    {
        var rates = new List<double>();
        var dimension = data.Dimension;
        for (var r = -1; r < settings.Repetitions; r++)
        {
            var sink = 0f;
            var operations = 0L;
            var position = 0;
            var started = Stopwatch.GetTimestamp();
            do
            {
                for (var i = 0; i < 16_384; i++)
                {
                    var vector = data.Vector((ulong)locate(ids[position]));
                    position = (position + 1) & (ids.Length - 1);
                    sink += vector[0] + vector[dimension - 1];
                }

                operations += 16_384;
            }
            while (Measure.SecondsSince(started) < settings.ReadSeconds);

            if (r >= 0)
            {
                // Round -1 only warms up the compiled code of this variant.
                rates.Add(operations / Measure.SecondsSince(started));
            }

            GC.KeepAlive(sink);
        }

        return Measure.Median(rates);
    }
}
