using System.Diagnostics;
using System.Numerics.Tensors;
using VelesDb.Benchmarks.Adapters;

namespace VelesDb.Benchmarks.Baselines;

/// <summary>What this machine can do at all, measured in the same run as the stores.</summary>
internal sealed record HardwareBaselines(
    double SequentialWriteMBps,
    double SyncLatencyP50Us,
    double MemcpyGBps,
    double MemoryReadGBps,
    double MemoryReadAllCoresGBps)
{
    /// <summary>
    /// Sequential write + fdatasync: <paramref name="bytes"/> written in 4 MiB chunks to a new file,
    /// then one fdatasync (the best a log can do); a 4 KiB append + fdatasync, 200 times (the
    /// floor under one durable acknowledgement); memcpy and a SIMD sum over 256 MiB in memory.
    /// </summary>
    public static HardwareBaselines Measure(string workRoot, long bytes, int repetitions)
    {
        var writes = new List<double>();
        for (var r = 0; r < repetitions; r++)
        {
            writes.Add(MeasureSequentialWrite(workRoot, bytes));
        }

        var syncP50 = SyncLatencyP50(workRoot, 200);
        var source = new float[64 << 20];
        var target = new float[source.Length];
        new Random(2).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(source.AsSpan()));
        var span = (double)source.Length * sizeof(float);
        var memcpy = Repeat(repetitions, () => source.AsSpan().CopyTo(target));
        var sink = 0f;
        var read = Repeat(repetitions, () => sink += TensorPrimitives.Sum(source));
        var readAll = Repeat(repetitions, () => sink += ParallelSum(source, Environment.ProcessorCount));
        GC.KeepAlive(sink);
        return new HardwareBaselines(
            Benchmarks.Measure.Median(writes),
            syncP50,
            span / memcpy / 1e9,
            span / read / 1e9,
            span / readAll / 1e9);
    }

    /// <summary><paramref name="bytes"/> written in 4 MiB chunks to a new file, then one fdatasync, in MB/s.</summary>
    public static double MeasureSequentialWrite(string workRoot, long bytes)
    {
        var chunk = new byte[4 << 20];
        new Random(1).NextBytes(chunk);
        var path = Path.Combine(workRoot, "sequential-write.bin");
        var started = Stopwatch.GetTimestamp();
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            for (var written = 0L; written < bytes; written += chunk.Length)
            {
                file.Write(chunk);
            }

            DurableFiles.DataSync(file.SafeFileHandle);
        }

        var rate = bytes / Benchmarks.Measure.SecondsSince(started) / 1e6;
        File.Delete(path);
        return rate;
    }

    /// <summary>p50 of <paramref name="count"/> × (append 4 KiB to a new file + fdatasync), in µs: the floor under one durable acknowledgement.</summary>
    public static double SyncLatencyP50(string workRoot, int count)
    {
        var block = new byte[4096];
        var syncs = new List<double>();
        var path = Path.Combine(workRoot, "sync-latency.bin");
        using (var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            for (var i = 0; i < count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                file.Write(block);
                DurableFiles.DataSync(file.SafeFileHandle);
                syncs.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
        }

        File.Delete(path);
        return Benchmarks.Measure.Median(syncs);
    }

    /// <summary>
    /// Random reads at the memory's own limit: the first and last component of random vectors in
    /// a managed array holding the data set, by position (no index), one thread, in reads/s.
    /// </summary>
    public static double RandomTouchRate(DataSet data, ulong[] ids, double seconds)
    {
        var sink = 0f;
        var dimension = data.Dimension;
        var operations = 0L;
        var position = 0;
        var started = Stopwatch.GetTimestamp();
        do
        {
            for (var i = 0; i < 16_384; i++)
            {
                var vector = data.Vector(ids[position]);
                position = (position + 1) & (ids.Length - 1);
                sink += vector[0] + vector[dimension - 1];
            }

            operations += 16_384;
        }
        while (Benchmarks.Measure.SecondsSince(started) < seconds);

        GC.KeepAlive(sink);
        return operations / Benchmarks.Measure.SecondsSince(started);
    }

    /// <summary>
    /// Whole vectors at random positions copied out of the data set into one buffer: the most a
    /// copying read can do, with no index, no checksum and no file behind it.
    /// </summary>
    public static double RandomCopyRate(DataSet data, ulong[] ids, double seconds)
    {
        var destination = new float[data.Dimension];
        var sink = 0f;
        var operations = 0L;
        var position = 0;
        var started = Stopwatch.GetTimestamp();
        do
        {
            for (var i = 0; i < 16_384; i++)
            {
                data.Vector(ids[position]).CopyTo(destination);
                position = (position + 1) & (ids.Length - 1);
                sink += destination[0];
            }

            operations += 16_384;
        }
        while (Benchmarks.Measure.SecondsSince(started) < seconds);

        GC.KeepAlive(sink);
        return operations / Benchmarks.Measure.SecondsSince(started);
    }

    /// <summary>A SIMD sum split into <paramref name="parts"/> contiguous ranges, one per thread.</summary>
    public static float ParallelSum(ReadOnlyMemory<float> values, int parts)
    {
        var sums = new float[parts];
        var per = (values.Length + parts - 1) / parts;
        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var from = p * per;
            var length = Math.Max(0, Math.Min(per, values.Length - from));
            sums[p] = TensorPrimitives.Sum(values.Span.Slice(from, length));
        });
        return sums.Sum();
    }

    private static double Repeat(int repetitions, Action action)
    {
        action();
        var times = new List<double>();
        for (var r = 0; r < repetitions; r++)
        {
            times.Add(Benchmarks.Measure.Seconds(action));
        }

        return Benchmarks.Measure.Median(times);
    }
}
