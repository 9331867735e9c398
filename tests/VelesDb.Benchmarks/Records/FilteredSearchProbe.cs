using System.Diagnostics;
using System.Text.Json;
using VelesDb.Benchmarks.Probes;
using VelesDb.Engine.Contract;

namespace VelesDb.Benchmarks.Records;

/// <summary>
/// Filtered exact search against the unfiltered scan of the same store, in one fresh process: the
/// store of the records bulk insert (n = i mod 1000 in every record) is opened through the store
/// contract, and queries (k = 10, the default metric, one thread) run with no filter and with
/// <c>.n &lt; T</c> for each selectivity of <see cref="BenchRecords.Curve"/>, all variants in turn
/// in an order that rotates each round, so every variant sees the machine in the same state. The
/// child runs with tiered compilation off, as the search probe does, so a short measurement sees
/// the code a long-running session would have.
/// </summary>
internal static class FilteredSearchProbe
{
    public const int K = 10;
    private const int MinimumRuns = 7;

    /// <summary>One filter of the curve: how many records it matches and its median query time.</summary>
    public sealed record Point(string Filter, double Selectivity, long Matching, double MedianSeconds);

    public sealed record Result(long Count, int Runs, double OpenSeconds, double UnfilteredSeconds, IReadOnlyList<Point> Points, string Verified)
    {
        /// <summary>The first filtered query after the open, timed alone: it pays for whatever the store does once for filters.</summary>
        public double? FirstFilteredSeconds { get; init; }

        public double WorstRatio => Points.Max(point => point.MedianSeconds / UnfilteredSeconds);
    }

    public static Result Run(string directory, double minSeconds)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_TieredCompilation"] = "0",
            ["DOTNET_ReadyToRun"] = "0",
        };
        return ChildProcess.RunSelf<Result>(["--probe-filtered-search", directory, $"{minSeconds}"], environment);
    }

    /// <summary>The child's side: prints one JSON line.</summary>
    public static int Execute(string directory, double minSeconds)
    {
        var (provider, locator) = StoreProviders.Locate(directory);
        var opening = Stopwatch.GetTimestamp();
        using var store = provider.Open(locator, new StoreOpenOptions());
        var openSeconds = Measure.SecondsSince(opening);
        var queries = QueryVectors(store.Dimension, 64);
        string?[] filters = [null, .. BenchRecords.Curve.Select(point => point.Filter)];

        SearchResults Query(int variant, int q)
        {
            var results = store.Search(new SearchRequest { Query = queries[q % queries.Length], K = K, Filter = filters[variant], MaxDegreeOfParallelism = 1 });
            if (results.Matches.Count != K || !results.Exact)
            {
                throw new BenchmarkFailedException($"The search with filter '{filters[variant]}' returned {results.Matches.Count} matches ({(results.Exact ? "exact" : "not exact")}), not {K} exact ones.");
            }

            return results;
        }

        // The first filtered query, before any other: a store may build what filters need on first use.
        var first = Stopwatch.GetTimestamp();
        _ = Query(1, 0);
        var firstFiltered = Measure.SecondsSince(first);

        // Warm-up: every variant at least 3 times and for a quarter second in all.
        var warm = Stopwatch.GetTimestamp();
        for (var w = 0; w < 3 || Measure.SecondsSince(warm) < 0.25; w++)
        {
            for (var v = 0; v < filters.Length; v++)
            {
                _ = Query(v, w);
            }
        }

        var times = filters.Select(_ => new List<double>()).ToArray();
        var started = Stopwatch.GetTimestamp();
        for (var round = 0; round < MinimumRuns || Measure.SecondsSince(started) < minSeconds; round++)
        {
            for (var k = 0; k < filters.Length; k++)
            {
                var v = (round + k) % filters.Length;
                var t = Stopwatch.GetTimestamp();
                _ = Query(v, round);
                times[v].Add(Measure.SecondsSince(t));
            }
        }

        var points = BenchRecords.Curve.Select((point, i) => new Point(point.Filter, point.Selectivity, Matching(store.Count, point.Filter), Measure.Median(times[i + 1]))).ToList();
        var verified = VerifyAgainstReference(store, queries[^1]);
        Console.WriteLine(JsonSerializer.Serialize(new Result(store.Count, times[0].Count, openSeconds, Measure.Median(times[0]), points, verified) { FirstFilteredSeconds = firstFiltered }));
        return 0;
    }

    /// <summary>Records of 0..count-1 that <c>.n &lt; T</c> matches.</summary>
    private static long Matching(long count, string filter)
    {
        var limit = long.Parse(filter.AsSpan(filter.LastIndexOf(' ') + 1), System.Globalization.CultureInfo.InvariantCulture);
        return (count / BenchRecords.Modulus * limit) + Math.Min(count % BenchRecords.Modulus, limit);
    }

    /// <summary>
    /// For each filter, the search equals a reference that filters first and then ranks: every match
    /// satisfies the filter, and the best match is the best of a naive double-precision cosine scan
    /// over the matching records.
    /// </summary>
    private static string VerifyAgainstReference(IVectorStore store, float[] query)
    {
        var count = checked((int)store.Count);
        var scores = new double[count];
        var queryNorm = Math.Sqrt(Dot(query, query));
        using (var reader = ((IZeroCopyStore)store).OpenReader())
        {
            for (var id = 0; id < count; id++)
            {
                if (!reader.TryGetVector((ulong)id, out var vector))
                {
                    throw new BenchmarkFailedException($"Record {id} is missing from the records store.");
                }

                scores[id] = Dot(query, vector) / (queryNorm * Math.Sqrt(Dot(vector, vector)));
            }
        }

        foreach (var (filter, _) in BenchRecords.Curve)
        {
            var limit = int.Parse(filter.AsSpan(filter.LastIndexOf(' ') + 1), System.Globalization.CultureInfo.InvariantCulture);
            var best = -1;
            for (var id = 0; id < count; id++)
            {
                if (BenchRecords.N(id) < limit && (best < 0 || scores[id] > scores[best]))
                {
                    best = id;
                }
            }

            var matches = store.Search(new SearchRequest { Query = query, K = K, Filter = filter }).Matches;
            if (matches.Any(match => match.Key.IsText || BenchRecords.N((long)match.Key.Number) >= limit))
            {
                throw new BenchmarkFailedException($"The search with filter '{filter}' returned a record the filter does not match.");
            }

            if (matches[0].Key != RecordKey.FromNumber((ulong)best))
            {
                throw new BenchmarkFailedException($"The search with filter '{filter}' ranked {matches[0].Key} first; filtering first and then ranking finds {best}.");
            }
        }

        return $"for each filter, every match satisfies it and the best match equals a naive double-precision scan of the {count:N0} records that filters first and then ranks";
    }

    private static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }

        return sum;
    }

    private static float[][] QueryVectors(int dimension, int count)
    {
        var random = new SplitMix64(0xF117E2);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => ((random.Next() >> 40) * (2.0f / (1 << 24))) - 1.0f).ToArray())];
    }
}
