using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using System.Numerics.Tensors;
using System.Text.Json;
using VelesDb.Engine;

namespace VelesDb.Benchmarks.Probes;

/// <summary>
/// Exact search throughput against the memory bandwidth of the same bytes. A fresh process opens
/// the store, maps its data file read-only, and measures, on as many threads as it has cores
/// (<c>DOTNET_PROCESSOR_COUNT=1</c> makes it one): a SIMD sum over the whole data file (what
/// reading those bytes costs at best), then queries (k = 10) per metric. GB/s = data file bytes
/// per query ÷ median query time. The child runs with tiered compilation off, so a one-second
/// measurement sees the code a long-running session would have.
/// </summary>
internal static class SearchProbe
{
    public const int K = 10;

    public sealed record MetricResult(string Metric, int Queries, double MedianSeconds, double QueriesPerSecond, double GBps);

    public sealed record Result(int Threads, long ScannedBytes, double SumGBps, IReadOnlyList<MetricResult> Metrics, string? Verified);

    public static Result Run(string directory, int threads, bool verify, double minSeconds)
    {
        // Steady-state code from the first query: every method compiled fully optimised for this
        // processor (no tier-0 code, no precompiled code), as a long-running session ends up with.
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_TieredCompilation"] = "0",
            ["DOTNET_ReadyToRun"] = "0",
        };
        if (threads == 1)
        {
            environment["DOTNET_PROCESSOR_COUNT"] = "1";
        }

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

        var sumSeconds = MedianOf(5, () => SumMapped(view, bytes, threads));
        var queries = QueryVectors(store.Dimension, 64);
        var metrics = new List<MetricResult>();
        foreach (var metric in new[] { DistanceMetric.DotProduct, DistanceMetric.Cosine, DistanceMetric.Euclidean })
        {
            // Warm up until the scan loop runs as optimised code: at least 3 queries and a quarter second.
            var warm = Stopwatch.GetTimestamp();
            for (var w = 0; w < 3 || Measure.SecondsSince(warm) < 0.25; w++)
            {
                _ = store.Search(queries[w % queries.Length], K, metric);
            }

            var times = new List<double>();
            var started = Stopwatch.GetTimestamp();
            var q = 0;
            while (times.Count < 5 || Measure.SecondsSince(started) < minSeconds)
            {
                var query = queries[q++ % queries.Length];
                var t = Stopwatch.GetTimestamp();
                var hits = store.Search(query, K, metric);
                times.Add(Measure.SecondsSince(t));
                if (hits.Count != Math.Min(K, store.Count))
                {
                    throw new BenchmarkFailedException($"Search returned {hits.Count} hits, not {K}.");
                }
            }

            var median = Measure.Median(times);
            metrics.Add(new MetricResult(metric.ToString(), times.Count, median, 1 / median, bytes / median / 1e9));
        }

        var verified = verify ? VerifyAgainstNaiveScan(store, queries[^1]) : null;
        Console.WriteLine(JsonSerializer.Serialize(new Result(threads, bytes, bytes / sumSeconds / 1e9, metrics, verified)));
        return 0;
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

    private static double MedianOf(int repetitions, Func<float> action)
    {
        var sink = action();
        var times = new List<double>();
        for (var r = 0; r < repetitions; r++)
        {
            var started = Stopwatch.GetTimestamp();
            sink += action();
            times.Add(Measure.SecondsSince(started));
        }

        GC.KeepAlive(sink);
        return Measure.Median(times);
    }

    private static float[][] QueryVectors(int dimension, int count)
    {
        var random = new SplitMix64(0xC0FFEE);
        return [.. Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, dimension).Select(_ => ((random.Next() >> 40) * (2.0f / (1 << 24))) - 1.0f).ToArray())];
    }
}
