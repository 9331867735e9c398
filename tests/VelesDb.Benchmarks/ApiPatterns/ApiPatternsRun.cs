using VelesDb.Benchmarks.Adapters;
using VelesDb.Benchmarks.Report;

namespace VelesDb.Benchmarks.ApiPatterns;

/// <summary>
/// Runs <see cref="ApiPatternProbe"/> for VelesDb, the raw log and LMDB at 100,000 × 768 (the
/// quick run: 10,000 × 768), the stores taking turns in rotating order each repetition so all see
/// the machine in one state; keeps every result for the medians.
/// </summary>
internal static class ApiPatternsRun
{
    public static readonly string[] Stores = ["VelesDb", "raw log", "LMDB"];

    public static Shape ShapeFor(BenchSettings settings) => settings.Quick ? new Shape(10_000, 768) : new Shape(100_000, 768);

    public static List<ApiPatternProbe.Result> Run(BenchSettings settings, string workRoot, Action<string> say)
    {
        var shape = ShapeFor(settings);
        var repetitions = settings.Quick ? 1 : 3;
        say($"engine API access patterns at {shape.Name}, {repetitions} repetitions, each store in a fresh process ...");
        var results = new List<ApiPatternProbe.Result>();
        for (var r = 0; r < repetitions; r++)
        {
            for (var s = 0; s < Stores.Length; s++)
            {
                var store = Stores[(s + r) % Stores.Length];
                if (StoreFactory.Unavailable(store) is { } reason)
                {
                    say($"  {store}: SKIPPED: {reason}");
                    continue;
                }

                var directory = Path.Combine(workRoot, $"api-{r}-{s}");
                try
                {
                    var result = ApiPatternProbe.Run(store, directory, shape, settings.Quick ? 0.25 : 1.0);
                    results.Add(result);
                    say($"  {store,-8} write+flush p50 {result.WriteFlushP50Us:0} µs, single deletes {Metric.Number(result.SingleDeletesPerSecond ?? 0)}/s, first reopen {result.FirstReopenMs:0.0} ms (then {result.ReopenMs:0.0}), copy reads {Metric.Number(result.CopyReadsPerSecond)}/s");
                }
                finally
                {
                    if (Directory.Exists(directory))
                    {
                        Directory.Delete(directory, recursive: true);
                    }
                }
            }
        }

        return results;
    }
}
