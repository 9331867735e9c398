using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using VelesDb.Benchmarks.Adapters;

namespace VelesDb.Benchmarks.Probes;

/// <summary>
/// What one durable batch of 1,000 vectors costs the disk, with no store in the way, each way
/// written to new files in the same run, batch by batch in turn (p50 per batch):
/// - the raw log: append the batch's vector bytes, fdatasync;
/// - VelesDb's large batch: write its slots (16 header bytes + the vector) into space the data
///   file has allocated (posix_fallocate) and a 20-byte entry per vector to the end of the log,
///   then fdatasync both, in parallel;
/// - the same with both files' blocks written (zeros) beforehand: the syncs then flush data only,
///   with no allocation for the file system to journal, at the price of writing everything twice.
/// </summary>
internal static class BatchSyncAnatomy
{
    private const int BatchVectors = 1000;
    private const int LogEntryBytes = 20;
    private const int SlotHeaderBytes = 16;

    public static string Describe(string workRoot, Shape shape, int batches)
    {
        var vectorBytes = shape.Dimension * sizeof(float);
        var raw = Filled(BatchVectors * vectorBytes, 1);
        var slots = Filled(BatchVectors * (vectorBytes + SlotHeaderBytes), 2);
        var record = Filled(BatchVectors * LogEntryBytes, 3);
        var directory = Path.Combine(workRoot, "batch-sync");
        Directory.CreateDirectory(directory);
        try
        {
            using var rawLog = File.OpenHandle(Path.Combine(directory, "raw.log"), FileMode.CreateNew, FileAccess.ReadWrite);
            using var data = File.OpenHandle(Path.Combine(directory, "allocated.dat"), FileMode.CreateNew, FileAccess.ReadWrite);
            using var log = File.OpenHandle(Path.Combine(directory, "appended.wal"), FileMode.CreateNew, FileAccess.ReadWrite);
            using var writtenData = File.OpenHandle(Path.Combine(directory, "written.dat"), FileMode.CreateNew, FileAccess.ReadWrite);
            using var writtenLog = File.OpenHandle(Path.Combine(directory, "written.wal"), FileMode.CreateNew, FileAccess.ReadWrite);
            var dataBytes = (long)slots.Length * batches;
            DurableFiles.Allocate(data, dataBytes);
            WriteZeros(writtenData, dataBytes);
            WriteZeros(writtenLog, (long)record.Length * batches);

            var rawTimes = new List<double>();
            var twoFiles = new List<double>();
            var preWritten = new List<double>();
            for (var b = 0; b < batches; b++)
            {
                rawTimes.Add(Time(() =>
                {
                    RandomAccess.Write(rawLog, raw, (long)b * raw.Length);
                    DurableFiles.DataSync(rawLog);
                }));
                twoFiles.Add(Time(() => WriteAndSyncBoth(data, slots, log, record, b)));
                preWritten.Add(Time(() => WriteAndSyncBoth(writtenData, slots, writtenLog, record, b)));
            }

            var rawP50 = Measure.Median(rawTimes);
            var twoP50 = Measure.Median(twoFiles);
            var preP50 = Measure.Median(preWritten);
            return $"one durable batch of {BatchVectors:N0} vectors, on the disk alone ({batches} batches each, in turn; p50): " +
                $"raw log (append, fdatasync) {rawP50:0} µs; VelesDb's large batch (slots into allocated space, log entries appended, two fdatasyncs in parallel) {twoP50:0} µs ({rawP50 / twoP50:0.00}× the raw log's rate); " +
                $"the same into blocks written beforehand, so no sync journals an allocation, {preP50:0} µs ({rawP50 / preP50:0.00}×)";
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteAndSyncBoth(SafeFileHandle data, byte[] slots, SafeFileHandle log, byte[] record, int batch)
    {
        RandomAccess.Write(data, slots, (long)batch * slots.Length);
        RandomAccess.Write(log, record, (long)batch * record.Length);
        var dataSync = Task.Run(() => DurableFiles.DataSync(data));
        DurableFiles.DataSync(log);
        dataSync.GetAwaiter().GetResult();
    }

    private static void WriteZeros(SafeFileHandle file, long bytes)
    {
        var zeros = new byte[4 << 20];
        for (var offset = 0L; offset < bytes; offset += zeros.Length)
        {
            RandomAccess.Write(file, zeros.AsSpan(0, (int)Math.Min(zeros.Length, bytes - offset)), offset);
        }

        DurableFiles.DataSync(file);
    }

    private static byte[] Filled(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static double Time(Action step)
    {
        var started = Stopwatch.GetTimestamp();
        step();
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds;
    }
}
