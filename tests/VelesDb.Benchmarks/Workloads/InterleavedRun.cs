using System.Diagnostics;
using VelesDb.Benchmarks.Adapters;

namespace VelesDb.Benchmarks.Workloads;

/// <summary>
/// The durable writes the targets compare (bulk insert against the raw log and LMDB, single
/// inserts against the raw log), run interleaved: each batch, then each single insert, goes into
/// every store in turn, in rotating order, so all stores see the same disk at the same moment. On
/// a shared machine the sync latency drifts by 10× within a minute, which store-after-store runs
/// cannot tell from a difference between stores.
/// </summary>
internal static class InterleavedRun
{
    public sealed record StoreResult(string Store, double BulkVectorsPerSecond, double SingleP50, double SingleP99);

    public static IReadOnlyList<StoreResult> Run(DataSet data, BenchSettings settings, IReadOnlyList<string> storeNames, string workRoot)
    {
        var stores = storeNames.Select(name => StoreFactory.Create(name, data.Shape)).ToArray();
        var directories = stores.Select(store => Path.Combine(workRoot, "interleaved-" + new string([.. store.Name.Where(char.IsLetterOrDigit)]))).ToArray();
        try
        {
            for (var s = 0; s < stores.Length; s++)
            {
                Directory.CreateDirectory(directories[s]);
                stores[s].Create(directories[s], data.Dimension);
            }

            var ids = Enumerable.Range(0, data.Count).Select(i => (ulong)i).ToArray();
            var bulkSeconds = new double[stores.Length];
            var batch = 0;
            for (var first = 0; first < data.Count; first += settings.BatchSize, batch++)
            {
                var count = Math.Min(settings.BatchSize, data.Count - first);
                for (var k = 0; k < stores.Length; k++)
                {
                    var s = (batch + k) % stores.Length;
                    var started = Stopwatch.GetTimestamp();
                    stores[s].InsertBatchDurable(ids.AsSpan(first, count), data.Rows((ulong)first, count));
                    bulkSeconds[s] += Measure.SecondsSince(started);
                }
            }

            for (var s = 0; s < stores.Length; s++)
            {
                bulkSeconds[s] += Measure.Seconds(stores[s].Flush);
            }

            var latencies = stores.Select(_ => new double[settings.SingleInserts]).ToArray();
            for (var i = 0; i < settings.SingleInserts; i++)
            {
                var id = (ulong)(data.Count + i);
                for (var k = 0; k < stores.Length; k++)
                {
                    var s = (i + k) % stores.Length;
                    var started = Stopwatch.GetTimestamp();
                    stores[s].InsertOneDurable(id, data.Vector(id));
                    latencies[s][i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
                }
            }

            var sample = DataSet.RandomIds(200, data.Count + settings.SingleInserts, 14).Distinct().ToArray();
            foreach (var store in stores)
            {
                _ = Verify.Present(store, data, sample, "after the interleaved run");
            }

            return [.. stores.Select((store, s) => new StoreResult(
                store.Name,
                data.Count / bulkSeconds[s],
                Measure.Percentile(latencies[s], 0.50),
                Measure.Percentile(latencies[s], 0.99)))];
        }
        finally
        {
            for (var s = 0; s < stores.Length; s++)
            {
                stores[s].Dispose();
                if (Directory.Exists(directories[s]))
                {
                    Directory.Delete(directories[s], recursive: true);
                }
            }
        }
    }
}
