using System.Diagnostics;
using System.Text.Json;
using VelesDb.Benchmarks.Adapters;
using VelesDb.Benchmarks.Probes;
using VelesDb.Engine;

namespace VelesDb.Benchmarks.ApiPatterns;

/// <summary>
/// The access patterns a C# program using the engine's public API makes, each store in a fresh
/// process of its own, in this order: a bulk load in batches of 1,000 (VelesDb: <c>StoreBatch</c>
/// in <see cref="Durability.Process"/>, then one <c>Flush</c>); single-vector writes each made
/// durable on its own (VelesDb: <c>Store</c> in Process durability then <c>Flush</c>; the raw log:
/// append then fdatasync); 10 % of the ids deleted one at a time at random, then one flush
/// (VelesDb: <c>Delete</c> in Process durability; the raw log: a tombstone written straight to
/// the file, which survives the process as Process durability does); a clean close and a reopen
/// timed until the first read returns (the first reopen in the process, as a program sees it,
/// then the median of five more); random reads copied into the caller's buffer
/// (<c>TryRetrieve</c>). LMDB, whose commits are synced, takes part in the reads and the reopen.
/// </summary>
internal static class ApiPatternProbe
{
    public const int SingleWrites = 1000;

    /// <summary>What one store did; null where the store has no such pattern.</summary>
    public sealed record Result(
        string Store,
        double? WriteFlushP50Us,
        double? WriteFlushP99Us,
        double? SingleDeletesPerSecond,
        double FirstReopenMs,
        double ReopenMs,
        double CopyReadsPerSecond);

    public static Result Run(string store, string directory, Shape shape, double readSeconds) =>
        ChildProcess.RunSelf<Result>(["--probe-api", store, directory, $"{shape.Count}", $"{shape.Dimension}", $"{readSeconds}"]);

    /// <summary>The child's side: prints one JSON line.</summary>
    public static int Execute(string store, string directory, Shape shape, double readSeconds)
    {
        var data = new DataSet(shape);
        var deletes = DataSet.Permutation(shape.Count, 17)[..(shape.Count / 10)];
        var reads = Survivors(DataSet.RandomIds(1 << 20, shape.Count, 12), deletes);
        Directory.CreateDirectory(directory);
        var result = store switch
        {
            "VelesDb" => Engine(data, directory, deletes, reads, readSeconds),
            "raw log" => RawLog(data, directory, deletes, reads, readSeconds),
            "LMDB" => Lmdb(data, directory, deletes, reads, readSeconds),
            _ => throw new ArgumentException($"No API pattern probe for store '{store}'."),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static Result Engine(DataSet data, string directory, ulong[] deletes, ulong[] reads, double readSeconds)
    {
        var options = new VectorStoreOptions { Durability = Durability.Process };
        var store = MmapVectorStore.Create(directory, data.Dimension, options);
        LoadInBatches(store, data);
        var latencies = new double[SingleWrites];
        for (var i = 0; i < SingleWrites; i++)
        {
            var id = (ulong)(data.Count + i);
            var started = Stopwatch.GetTimestamp();
            store.Store(id, data.Vector(id));
            store.Flush();
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        var deleting = Stopwatch.GetTimestamp();
        foreach (var id in deletes)
        {
            _ = store.Delete(id);
        }

        store.Flush();
        var deleteSeconds = Measure.SecondsSince(deleting);
        store.Dispose();

        var reopens = new List<double>();
        var buffer = new float[data.Dimension];
        for (var r = 0; r < 6; r++)
        {
            var opening = Stopwatch.GetTimestamp();
            store = MmapVectorStore.Open(directory, options);
            _ = store.TryRetrieve(reads[r], buffer);
            reopens.Add(Stopwatch.GetElapsedTime(opening).TotalMilliseconds);
            if (r < 5)
            {
                store.Dispose();
            }
        }

        using (store)
        {
            var rate = ReadRate(reads, readSeconds, new EngineRead(store, buffer));
            return new Result("VelesDb", Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.99), deletes.Length / deleteSeconds, reopens[0], Measure.Median(reopens.Skip(1)), rate);
        }
    }

    private static Result RawLog(DataSet data, string directory, ulong[] deletes, ulong[] reads, double readSeconds)
    {
        var log = new RawLogAdapter();
        log.Create(directory, data.Dimension);
        BulkLoad(log, data);
        var latencies = new double[SingleWrites];
        for (var i = 0; i < SingleWrites; i++)
        {
            var id = (ulong)(data.Count + i);
            var started = Stopwatch.GetTimestamp();
            log.InsertOneDurable(id, data.Vector(id));
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }

        var deleting = Stopwatch.GetTimestamp();
        foreach (var id in deletes)
        {
            log.DeleteOneUnsynced(id);
        }

        log.Flush();
        var deleteSeconds = Measure.SecondsSince(deleting);
        var (first, median) = Reopens(log, directory, data.Dimension, reads);
        var rate = ReadRate(reads, readSeconds, new AdapterRead(log, new float[data.Dimension]));
        log.Dispose();
        return new Result("raw log", Measure.Percentile(latencies, 0.5), Measure.Percentile(latencies, 0.99), deletes.Length / deleteSeconds, first, median, rate);
    }

    private static Result Lmdb(DataSet data, string directory, ulong[] deletes, ulong[] reads, double readSeconds)
    {
        var lmdb = StoreFactory.Create("LMDB", data.Shape);
        lmdb.Create(directory, data.Dimension);
        BulkLoad(lmdb, data);
        lmdb.DeleteBatch(deletes);
        var (first, median) = Reopens(lmdb, directory, data.Dimension, reads);
        var rate = ReadRate(reads, readSeconds, new AdapterRead(lmdb, new float[data.Dimension]));
        lmdb.Dispose();
        return new Result("LMDB", null, null, null, first, median, rate);
    }

    /// <summary>Stores the data set's vectors (ids 0..Count-1) in batches of 1,000 with the store's own durability, then flushes once.</summary>
    internal static void LoadInBatches(MmapVectorStore store, DataSet data)
    {
        ForEachBatch(data, (ids, vectors) => store.StoreBatch(ids, vectors));
        store.Flush();
    }

    private static void BulkLoad(IVectorStoreUnderTest store, DataSet data) =>
        ForEachBatch(data, (ids, vectors) => store.InsertBatchDurable(ids, vectors));

    private delegate void BatchWrite(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors);

    private static void ForEachBatch(DataSet data, BatchWrite write)
    {
        var ids = new ulong[1000];
        for (var first = 0; first < data.Count; first += ids.Length)
        {
            var count = Math.Min(ids.Length, data.Count - first);
            for (var i = 0; i < count; i++)
            {
                ids[i] = (ulong)(first + i);
            }

            write(ids.AsSpan(0, count), data.Rows((ulong)first, count));
        }
    }

    private static (double First, double Median) Reopens(IVectorStoreUnderTest store, string directory, int dimension, ulong[] reads)
    {
        var buffer = new float[dimension];
        var times = new List<double>();
        for (var r = 0; r < 6; r++)
        {
            store.Close();
            var opening = Stopwatch.GetTimestamp();
            store.Open(directory, dimension);
            _ = store.Read(reads[r], buffer);
            times.Add(Stopwatch.GetElapsedTime(opening).TotalMilliseconds);
        }

        return (times[0], Measure.Median(times.Skip(1)));
    }

    /// <summary>The ids of <paramref name="reads"/> that were not deleted, in order.</summary>
    private static ulong[] Survivors(ulong[] reads, ulong[] deletes)
    {
        var deleted = deletes.ToHashSet();
        return reads.Where(id => !deleted.Contains(id)).ToArray();
    }

    /// <summary>
    /// Copying reads per second over at least <paramref name="seconds"/>, after a warm-up of the same
    /// length. Generic over a struct so each read compiles into its own loop.
    /// </summary>
    private static double ReadRate<TRead>(ulong[] ids, double seconds, TRead read)
        where TRead : struct, ICopyRead
    {
        _ = Rate(ids, seconds, read);
        return Rate(ids, seconds, read);
    }

    private static double Rate<TRead>(ulong[] ids, double seconds, TRead read)
        where TRead : struct, ICopyRead
    {
        var started = Stopwatch.GetTimestamp();
        var done = 0L;
        double elapsed;
        do
        {
            for (var i = 0; i < 4096; i++)
            {
                if (!read.Copy(ids[(done + i) % ids.Length]))
                {
                    throw new BenchmarkFailedException($"vector {ids[(done + i) % ids.Length]} is missing in the API pattern probe.");
                }
            }

            done += 4096;
            elapsed = Measure.SecondsSince(started);
        }
        while (elapsed < seconds);
        return done / elapsed;
    }

    private interface ICopyRead
    {
        bool Copy(ulong id);
    }

    private readonly struct EngineRead(MmapVectorStore store, float[] buffer) : ICopyRead
    {
        public bool Copy(ulong id) => store.TryRetrieve(id, buffer);
    }

    private readonly struct AdapterRead(IVectorStoreUnderTest store, float[] buffer) : ICopyRead
    {
        public bool Copy(ulong id) => store.Read(id, buffer);
    }
}
