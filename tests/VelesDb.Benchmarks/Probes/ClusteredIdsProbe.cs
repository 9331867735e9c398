using System.Globalization;
using VelesDb.Benchmarks.Report;
using VelesDb.Engine;

namespace VelesDb.Benchmarks.Probes;

/// <summary>
/// Inserts and lookups of ids that differ only in their high bits (<c>k &lt;&lt; 48</c>, as a tenant
/// or shard number shifted to the top gives), beside sequential ids, in the same run: the id table's
/// hash must spread both, so the two rates stay close.
/// </summary>
internal static class ClusteredIdsProbe
{
    private const int Count = 40_000;
    private const int Dimension = 4;

    public static string Describe(string workRoot)
    {
        var sequential = Run(workRoot, "sequential", k => k);
        var clustered = Run(workRoot, "clustered", k => k << 48);
        return string.Create(CultureInfo.InvariantCulture,
            $"Id patterns ({Count:N0} ids, dimension {Dimension}, one batch): sequential ids insert {Metric.Number(sequential.Inserts)}/s and look up {Metric.Number(sequential.Lookups)}/s; " +
            $"k << 48 ids insert {Metric.Number(clustered.Inserts)}/s ({clustered.Inserts / sequential.Inserts:0.00}×) and look up {Metric.Number(clustered.Lookups)}/s ({clustered.Lookups / sequential.Lookups:0.00}×).");
    }

    private static (double Inserts, double Lookups) Run(string workRoot, string name, Func<ulong, ulong> idOf)
    {
        var directory = Path.Combine(workRoot, "ids-" + name);
        var ids = Enumerable.Range(1, Count).Select(k => idOf((ulong)k)).ToArray();
        var vectors = new float[Count * Dimension];
        try
        {
            using var store = MmapVectorStore.Create(directory, Dimension, new VectorStoreOptions { Durability = Durability.Process });
            var insert = Measure.Seconds(() => store.StoreBatch(ids, vectors));
            var found = 0;
            var lookup = Measure.Seconds(() =>
            {
                foreach (var id in ids)
                {
                    found += store.Contains(id) ? 1 : 0;
                }
            });
            if (found != Count)
            {
                throw new BenchmarkFailedException($"{name} ids: {found} of {Count} found after their insert.");
            }

            return (Count / insert, Count / lookup);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
