using System.Diagnostics;
using System.Globalization;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Benchmarks.Report;

namespace VelesDb.Benchmarks.Quantized;

/// <summary>
/// Quantized exact search (issue 17, part 1) against the f32 scan of the same store: one thread per
/// query, k = 10, cosine and Euclidean, on random and clustered data. The two are run in alternating
/// rounds over the same queries; a round's rate is queries over its wall time, and the report
/// gives the median round. Recall@10 counts, over every query, the f32 scan's ten keys the quantized
/// answer also holds. It also times building the copy, catching it up after writes, and bulk
/// inserts into an Int8 store against a store without quantization.
/// </summary>
internal static class QuantizedBench
{
    public const int Rounds = 5;

    public sealed record Case(string Shape, string Data, DistanceMetric Metric, double ExactPerSecond, double QuantizedPerSecond, double Recall, double CandidatesPerQuery, int Queries)
    {
        public double Speedup => QuantizedPerSecond / ExactPerSecond;
    }

    public sealed record ShapeRun(string Shape, string Data, double BuildSeconds, long FileBytes, double InsertNonePerSecond, double InsertInt8PerSecond, double CatchUpMs, int CatchUpVectors);

    public sealed class Results
    {
        public List<Case> Cases { get; } = [];

        public List<ShapeRun> Shapes { get; } = [];

        public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

        public string LoadAtStart { get; } = BenchResults.LoadAverage();

        public string LoadAtEnd { get; set; } = "";

        public TimeSpan Duration { get; set; }

        public bool Quick { get; init; }
    }

    public static Results Run(bool quick, string workRoot, Action<string> say)
    {
        var results = new Results { Quick = quick };
        var clock = Stopwatch.StartNew();
        var shapes = quick ? new[] { (50_000, 128, 20), (10_000, 768, 20) } : new[] { (1_000_000, 128, 30), (100_000, 768, 60) };
        foreach (var (count, dimension, queries) in shapes)
        {
            foreach (var clustered in new[] { false, true })
            {
                RunOne(count, dimension, queries, clustered, workRoot, results, say);
            }
        }

        results.Duration = clock.Elapsed;
        results.LoadAtEnd = BenchResults.LoadAverage();
        return results;
    }

    private static void RunOne(int count, int dimension, int queries, bool clustered, string workRoot, Results results, Action<string> say)
    {
        var shape = string.Create(CultureInfo.InvariantCulture, $"{count:N0} × {dimension}");
        var data = clustered ? "clustered" : "random";
        say($"quantized {shape}, {data}: generating ...");
        var random = new Random(dimension * 7 + (clustered ? 1 : 0));
        var vectors = clustered ? Clustered(random, count, dimension, 1000) : Uniform(random, count, dimension);
        var ids = Enumerable.Range(0, count).Select(i => (ulong)i).ToArray();
        var noneDirectory = Path.Combine(workRoot, $"q-none-{dimension}-{data}");
        var int8Directory = Path.Combine(workRoot, $"q-int8-{dimension}-{data}");
        try
        {
            var insertNone = Insert(noneDirectory, dimension, StoreQuantization.None, ids, vectors);
            var insertInt8 = Insert(int8Directory, dimension, StoreQuantization.Int8, ids, vectors);
            Directory.Delete(noneDirectory, recursive: true);
            using var store = MmapVectorStore.Open(int8Directory, new VectorStoreOptions { Durability = Durability.Process });
            var started = Stopwatch.GetTimestamp();
            store.BuildDerived();
            var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
            var fileBytes = store.GetMetrics().QuantizedFileBytes;

            // Writes the copy has not seen: the next search catches it up.
            var extra = Math.Max(1, count / 100);
            var extraIds = Enumerable.Range(count, extra).Select(i => (ulong)i).ToArray();
            store.StoreBatch(extraIds, vectors.AsSpan(0, extra * dimension), Durability.Process);
            var probe = Query(random, vectors, dimension, clustered);
            var catchUp = Time(() => store.Search(new SearchRequest { Query = probe, K = 10, MaxDegreeOfParallelism = 1 }));
            var searchAlone = Enumerable.Range(0, 3).Select(_ => Time(() => store.Search(new SearchRequest { Query = probe, K = 10, MaxDegreeOfParallelism = 1 }))).Min();
            var catchUpMs = Math.Max(0, (catchUp - searchAlone) * 1e3);
            results.Shapes.Add(new ShapeRun(shape, data, build, fileBytes, insertNone, insertInt8, catchUpMs, extra));
            say(string.Create(CultureInfo.InvariantCulture, $"  build {build:0.00} s, file {fileBytes / 1e6:0.0} MB; bulk insert {Metric.Number(insertNone)}/s without quantization, {Metric.Number(insertInt8)}/s with Int8; catching up {extra:N0} new vectors added {catchUpMs:0.0} ms to a search"));

            foreach (var metric in new[] { DistanceMetric.Cosine, DistanceMetric.Euclidean })
            {
                var set = Enumerable.Range(0, queries).Select(_ => Query(random, vectors, dimension, clustered)).ToArray();
                var exactRates = new List<double>();
                var quantizedRates = new List<double>();
                var truth = new List<IReadOnlyList<SearchMatch>>();
                var answers = new List<IReadOnlyList<SearchMatch>>();
                var before = store.GetMetrics();
                for (var round = 0; round < Rounds; round++)
                {
                    exactRates.Add(Rate(store, set, metric, exact: true, round == 0 ? truth : null));
                    quantizedRates.Add(Rate(store, set, metric, exact: false, round == 0 ? answers : null));
                }

                var after = store.GetMetrics();
                var found = 0;
                for (var q = 0; q < set.Length; q++)
                {
                    var expected = truth[q].Select(m => m.Key).ToHashSet();
                    found += answers[q].Count(m => expected.Contains(m.Key));
                }

                var searches = after.QuantizedSearchCount - before.QuantizedSearchCount;
                var candidates = searches == 0 ? 0 : (double)(after.QuantizedCandidateCount - before.QuantizedCandidateCount) / searches;
                var result = new Case(shape, data, metric, Measure.Median(exactRates), Measure.Median(quantizedRates), (double)found / (set.Length * 10), candidates, set.Length);
                results.Cases.Add(result);
                say(string.Create(CultureInfo.InvariantCulture, $"  {metric}: f32 scan {result.ExactPerSecond:0.0} q/s, quantized {result.QuantizedPerSecond:0.0} q/s: {result.Speedup:0.00}×; recall@10 {result.Recall:0.0000}; {candidates:N0} candidates per query scored from f32"));
            }
        }
        finally
        {
            foreach (var directory in new[] { noneDirectory, int8Directory })
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
        }
    }

    private static double Insert(string directory, int dimension, StoreQuantization quantization, ulong[] ids, float[] vectors)
    {
        const int Batch = 10_000;
        var started = Stopwatch.GetTimestamp();
        using (var store = MmapVectorStore.Create(directory, dimension, new VectorStoreOptions { Durability = Durability.Process, Quantization = quantization }))
        {
            for (var first = 0; first < ids.Length; first += Batch)
            {
                var n = Math.Min(Batch, ids.Length - first);
                store.StoreBatch(ids.AsSpan(first, n), vectors.AsSpan(first * dimension, n * dimension), Durability.Process);
            }

            store.Flush();
        }

        return ids.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Rate(MmapVectorStore store, float[][] queries, DistanceMetric metric, bool exact, List<IReadOnlyList<SearchMatch>>? keep)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var query in queries)
        {
            var results = store.Search(new SearchRequest { Query = query, K = 10, Metric = metric, Exact = exact, MaxDegreeOfParallelism = 1 });
            if (!exact && !results.Quantized)
            {
                throw new BenchmarkFailedException("the Int8 store answered without its quantized copy");
            }

            keep?.Add(results.Matches);
        }

        return queries.Length / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    private static float[] Query(Random random, float[] vectors, int dimension, bool clustered)
    {
        var query = new float[dimension];
        if (!clustered)
        {
            for (var i = 0; i < dimension; i++)
            {
                query[i] = (float)((random.NextDouble() * 2) - 1);
            }

            return query;
        }

        var at = random.Next(vectors.Length / dimension) * dimension;
        for (var i = 0; i < dimension; i++)
        {
            query[i] = vectors[at + i] + (0.1f * Gaussian(random));
        }

        return query;
    }

    /// <summary>Uniform in [-1, 1), as the other rows' data.</summary>
    private static float[] Uniform(Random random, int count, int dimension)
    {
        var all = new float[(long)count * dimension];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return all;
    }

    /// <summary><paramref name="clusters"/> centres with components N(0, 1); each vector a centre plus N(0, 0.25²) noise per component.</summary>
    private static float[] Clustered(Random random, int count, int dimension, int clusters)
    {
        var centres = new float[clusters * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = Gaussian(random);
        }

        var all = new float[(long)count * dimension];
        for (var n = 0; n < count; n++)
        {
            var c = random.Next(clusters) * dimension;
            for (var i = 0; i < dimension; i++)
            {
                all[((long)n * dimension) + i] = centres[c + i] + (0.25f * Gaussian(random));
            }
        }

        return all;
    }

    private static float Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
