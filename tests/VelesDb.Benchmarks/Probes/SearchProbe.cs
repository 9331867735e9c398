using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Text.Json;
using VelesDb.Engine;

namespace VelesDb.Benchmarks.Probes;

/// <summary>
/// Exact search throughput against the memory bandwidth of the same bytes. A fresh process opens
/// the store and maps its data file read-only, then alternates one thread and all threads
/// (Search's maxDegreeOfParallelism) query by query, so both see the machine in the same state:
/// first a SIMD sum over the whole data file (what reading those bytes costs at best), then
/// queries (k = 10) per metric. GB/s = data file bytes ÷ median query time. The child runs with
/// tiered compilation off, so a one-second measurement sees the code a long-running session
/// would have.
/// </summary>
internal static class SearchProbe
{
    public const int K = 10;

    /// <summary>One metric's median query time on one thread and on all of them.</summary>
    public sealed record MetricResult(string Metric, int Queries, double SingleSeconds, double AllSeconds);

    public sealed record Result(int Threads, long ScannedBytes, double SumSingleSeconds, double SumAllSeconds, IReadOnlyList<MetricResult> Metrics, string? Verified)
    {
        public double SumSingleGBps => ScannedBytes / SumSingleSeconds / 1e9;

        public double SumAllGBps => ScannedBytes / SumAllSeconds / 1e9;

        public double GBps(double seconds) => ScannedBytes / seconds / 1e9;
    }

    public static Result Run(string directory, bool verify, double minSeconds)
    {
        // Steady-state code from the first query: every method compiled fully optimised for this
        // processor (no tier-0 code, no precompiled code), as a long-running session ends up with.
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_TieredCompilation"] = "0",
            ["DOTNET_ReadyToRun"] = "0",
        };
        return ChildProcess.RunSelf<Result>(["--probe-search", directory, verify ? "verify" : "no-verify", $"{minSeconds}"], environment);
    }

    public static int Execute(string directory, bool verify, double minSeconds)
    {
        using var store = MmapVectorStore.Open(directory);
        var dataPath = Directory.GetFiles(directory, "vectors.*.dat").Single();
        using var stream = new FileStream(dataPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var bytes = stream.Length;
        using var map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        var threads = Environment.ProcessorCount;

        var (sumSingle, sumAll) = Alternate(7, 0, _ => SumMapped(view, bytes, 1), _ => SumMapped(view, bytes, threads));
        var queries = QueryVectors(store.Dimension, 64);
        var metrics = new List<MetricResult>();
        foreach (var metric in new[] { DistanceMetric.DotProduct, DistanceMetric.Cosine, DistanceMetric.Euclidean })
        {
            // Warm up both ways: at least 3 queries each and a quarter second.
            var warm = Stopwatch.GetTimestamp();
            for (var w = 0; w < 3 || Measure.SecondsSince(warm) < 0.25; w++)
            {
                _ = store.Search(queries[w % queries.Length], K, metric, maxDegreeOfParallelism: 1);
                _ = store.Search(queries[w % queries.Length], K, metric, maxDegreeOfParallelism: threads);
            }

            float Query(int q, int degree)
            {
                var hits = store.Search(queries[q % queries.Length], K, metric, maxDegreeOfParallelism: degree);
                if (hits.Count != Math.Min(K, store.Count))
                {
                    throw new BenchmarkFailedException($"Search returned {hits.Count} hits, not {K}.");
                }

                return hits[0].Score;
            }

            var (single, all) = Alternate(5, minSeconds, q => Query(q, 1), q => Query(q, threads));
            metrics.Add(new MetricResult(metric.ToString(), single.Count, Measure.Median(single), Measure.Median(all)));
        }

        var verified = verify ? VerifyAgainstNaiveScan(store, queries[^1]) : null;
        Console.WriteLine(JsonSerializer.Serialize(new Result(threads, bytes, Measure.Median(sumSingle), Measure.Median(sumAll), metrics, verified)));
        return 0;
    }

    /// <summary>Times <paramref name="one"/> and <paramref name="all"/> in turn (after one untimed run of each) until both have enough samples and time.</summary>
    private static (List<double> One, List<double> All) Alternate(int minimumRuns, double minSeconds, Func<int, float> one, Func<int, float> all)
    {
        var sink = one(0) + all(0);
        var ones = new List<double>();
        var alls = new List<double>();
        var started = Stopwatch.GetTimestamp();
        for (var i = 1; ones.Count < minimumRuns || Measure.SecondsSince(started) < minSeconds; i++)
        {
            var t = Stopwatch.GetTimestamp();
            sink += one(i);
            ones.Add(Measure.SecondsSince(t));
            t = Stopwatch.GetTimestamp();
            sink += all(i);
            alls.Add(Measure.SecondsSince(t));
        }

        GC.KeepAlive(sink);
        return (ones, alls);
    }

    /// <summary>The best hit of each metric equals a naive double-precision scan over every stored vector.</summary>
    private static string VerifyAgainstNaiveScan(MmapVectorStore store, float[] query)
    {
        var best = new (ulong Id, double Key)[3];
        Array.Fill(best, (ulong.MaxValue, double.MaxValue));
        var queryNorm = Math.Sqrt(Dot(query, query));
        foreach (var id in store.Ids())
        {
            if (!store.TryGetView(id, out var view))
            {
                continue;
            }

            using (view)
            {
                var vector = view.Vector;
                var dot = Dot(query, vector);
                var norm = Math.Sqrt(Dot(vector, vector));
                var distance = 0.0;
                for (var i = 0; i < vector.Length; i++)
                {
                    var d = (double)query[i] - vector[i];
                    distance += d * d;
                }

                Offer(ref best[0], id, -dot);
                Offer(ref best[1], id, -(dot / (queryNorm * norm)));
                Offer(ref best[2], id, distance);
            }
        }

        var names = new[] { DistanceMetric.DotProduct, DistanceMetric.Cosine, DistanceMetric.Euclidean };
        for (var m = 0; m < names.Length; m++)
        {
            var top = store.Search(query, K, names[m])[0].Id;
            if (top != best[m].Id)
            {
                throw new BenchmarkFailedException($"Search ({names[m]}) ranked {top} first; a naive scan finds {best[m].Id}.");
            }
        }

        return $"the top hit of each metric equals a naive double-precision scan of all {store.Count:N0} vectors";
    }

    private static void Offer(ref (ulong Id, double Key) best, ulong id, double key)
    {
        if (key < best.Key || (key == best.Key && id < best.Id))
        {
            best = (id, key);
        }
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

    private static unsafe float SumMapped(MemoryMappedViewAccessor view, long bytes, int threads)
    {
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        try
        {
            var start = pointer + view.PointerOffset;
            var floats = bytes / sizeof(float);
            var sums = new float[threads];
            var per = (floats + threads - 1) / threads;
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, p =>
            {
                var from = p * per;
                var to = Math.Min(floats, from + per);
                var sum = 0f;
                for (var at = from; at < to; at += int.MaxValue / 4)
                {
                    var length = (int)Math.Min(int.MaxValue / 4, to - at);
                    sum += TensorPrimitives.Sum(new ReadOnlySpan<float>((float*)start + at, length));
                }

                sums[p] = sum;
            });
            return sums.Sum();
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    private static float[][] QueryVectors(int dimension, int count)
    {
        var random = new SplitMix64(0xC0FFEE);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => ((random.Next() >> 40) * (2.0f / (1 << 24))) - 1.0f).ToArray())];
    }
}
