using System.Diagnostics;
using System.Text.Json;
using VelesDb.Benchmarks.Adapters;

namespace VelesDb.Benchmarks.Probes;

/// <summary>
/// Random point reads in a fresh process that opens the closed store, as a script that opens a
/// store and reads it would: every store gets a process of its own, untouched by what the run did
/// before, instead of one long-lived process that has already held gigabytes of other stores and
/// data. The process copies every vector out of the store into one managed array first, and
/// measures there the floor of the same reads with no store at all (by position, no index, no
/// checksum). Each repetition runs the four reads in turn so all see the machine in one state;
/// the medians are reported.
/// </summary>
internal static class ReadProbe
{
    private const int Chunk = 16_384;

    /// <summary>Reads per second; ZeroCopy is null for a store that hands out no view.</summary>
    public sealed record Result(string Store, double Copy, double? ZeroCopy, double CopyFloor, double TouchFloor);

    /// <summary>Runs the probe in a child process against the closed store in <paramref name="directory"/>.</summary>
    public static Result Run(string store, string directory, Shape shape, BenchSettings settings) =>
        ChildProcess.RunSelf<Result>(["--probe-reads", store, directory, $"{shape.Count}", $"{shape.Dimension}", $"{settings.Repetitions}", $"{settings.ReadSeconds}"]);

    /// <summary>The child's side: prints one JSON line.</summary>
    public static int Execute(string storeName, string directory, Shape shape, int repetitions, double seconds)
    {
        using var store = StoreFactory.Create(storeName, shape);
        store.Open(directory, shape.Dimension);
        var dimension = shape.Dimension;
        var plain = new float[(long)shape.Count * dimension];
        for (var id = 0; id < shape.Count; id++)
        {
            if (!store.Read((ulong)id, plain.AsSpan(id * dimension, dimension)))
            {
                throw new BenchmarkFailedException($"{store.Name}: vector {id} is missing in the read probe.");
            }
        }

        // The same random ids as the reads measured in the benchmark's own process.
        var ids = DataSet.RandomIds(1 << 20, shape.Count, 12);
        var buffer = new float[dimension];
        var copy = new List<double>();
        var zeroCopy = new List<double>();
        var copyFloor = new List<double>();
        var touchFloor = new List<double>();
        for (var r = -1; r < repetitions; r++)
        {
            // Round -1 only warms up the compiled code of each read.
            Keep(r, touchFloor, Rate(ids, seconds, new TouchPlain(plain, dimension)));
            Keep(r, copyFloor, Rate(ids, seconds, new CopyPlain(plain, buffer)));
            Keep(r, copy, Rate(ids, seconds, new CopyFromStore(store, buffer)));
            if (store.SupportsZeroCopy)
            {
                Keep(r, zeroCopy, Rate(ids, seconds, new ViewInStore(store)));
            }
        }

        var result = new Result(store.Name, Measure.Median(copy), store.SupportsZeroCopy ? Measure.Median(zeroCopy) : null, Measure.Median(copyFloor), Measure.Median(touchFloor));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static void Keep(int round, List<double> rates, double rate)
    {
        if (round >= 0)
        {
            rates.Add(rate);
        }
    }

    /// <summary>
    /// Reads at random for at least <paramref name="seconds"/>; reads/s. Generic over a struct, so
    /// each read is compiled into its own loop: a delegate call per read would cost more than some
    /// of the reads it measures.
    /// </summary>
    private static double Rate<TRead>(ulong[] ids, double seconds, TRead read)
        where TRead : struct, IRandomRead
    {
        var sink = 0f;
        var operations = 0L;
        var position = 0;
        var started = Stopwatch.GetTimestamp();
        do
        {
            for (var i = 0; i < Chunk; i++)
            {
                sink += read.Read(ids[position]);
                position = (position + 1) & (ids.Length - 1);
            }

            operations += Chunk;
        }
        while (Measure.SecondsSince(started) < seconds);

        GC.KeepAlive(sink);
        return operations / Measure.SecondsSince(started);
    }

    private interface IRandomRead
    {
        float Read(ulong id);
    }

    /// <summary>The first and last component of a vector in the plain array, by position.</summary>
    private readonly struct TouchPlain(float[] plain, int dimension) : IRandomRead
    {
        public float Read(ulong id) => plain[((long)id * dimension) + dimension - 1] + plain[(long)id * dimension];
    }

    /// <summary>A whole vector copied out of the plain array, by position.</summary>
    private readonly struct CopyPlain(float[] plain, float[] buffer) : IRandomRead
    {
        public float Read(ulong id)
        {
            plain.AsSpan((int)id * buffer.Length, buffer.Length).CopyTo(buffer);
            return buffer[0];
        }
    }

    private readonly struct CopyFromStore(IVectorStoreUnderTest store, float[] buffer) : IRandomRead
    {
        public float Read(ulong id) => store.Read(id, buffer) ? buffer[0] : throw Missing(store, id);
    }

    private readonly struct ViewInStore(IVectorStoreUnderTest store) : IRandomRead
    {
        public float Read(ulong id) => store.ReadZeroCopy(id) is var value && !float.IsNaN(value) ? value : throw Missing(store, id);
    }

    private static BenchmarkFailedException Missing(IVectorStoreUnderTest store, ulong id) =>
        new($"{store.Name}: vector {id} is missing in the read probe.");
}
