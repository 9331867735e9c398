using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;
using VelesDb.Benchmarks.Adapters;
using VelesDb.Benchmarks.Probes;
using VelesDb.Engine;

namespace VelesDb.Benchmarks.Operations;

/// <summary>
/// Checking and backing up a store (issue 16), in a fresh process as a maintenance script would,
/// each beside the baseline the issue names, measured in the same process on the same bytes:
/// <c>Check</c> (what Test-VelesStore runs) against a one-thread SIMD sum of the store's files read
/// into memory; <c>Backup</c> (what Backup-VelesStore runs) against a plain copy of the same files
/// in 4 MiB chunks with one fdatasync each. Each pair alternates, five rounds after one to warm up;
/// the first check of the process, which compiles the code and maps the pages, is reported too.
/// </summary>
internal static class OperationsProbe
{
    private const int Rounds = 5;

    public sealed record Result(long StoreBytes, double FirstCheckSeconds, double CheckSeconds, double SumSeconds, double BackupSeconds, double CopySeconds, long BackupBytes);

    public static Result Run(string directory, Shape shape) =>
        ChildProcess.RunSelf<Result>(["--probe-operations", directory, $"{shape.Count}", $"{shape.Dimension}"]);

    /// <summary>The child's side: prints one JSON line.</summary>
    public static int Execute(string directory, Shape shape)
    {
        var store = Path.Combine(directory, "store");
        Fill(store, shape);
        var files = Directory.GetFiles(store).Where(file => !file.EndsWith(".lock", StringComparison.Ordinal)).ToArray();
        var storeBytes = files.Sum(file => new FileInfo(file).Length);
        var bytes = new byte[storeBytes];
        var at = 0;
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);
            content.CopyTo(bytes, at);
            at += content.Length;
        }

        var floats = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, bytes.Length & ~3));
        using var opened = MmapVectorStore.Open(store);
        var first = Time(() => Healthy(opened.Check()));
        var checks = new List<double>();
        var sums = new List<double>();
        var backups = new List<double>();
        var copies = new List<double>();
        var backupBytes = 0L;
        var sink = 0f;
        for (var round = -1; round < Rounds; round++)
        {
            var check = Time(() => Healthy(opened.Check()));
            var sum = Time(() => sink += TensorPrimitives.Sum(MemoryMarshal.Cast<byte, float>(bytes.AsSpan(0, bytes.Length & ~3))));
            var destination = Path.Combine(directory, $"backup-{round + 1}");
            var backup = Time(() => backupBytes = opened.Backup(destination).Bytes);
            Directory.Delete(destination, recursive: true);
            var copyTarget = Path.Combine(directory, $"copy-{round + 1}");
            var copy = Time(() => Copy(files, copyTarget));
            Directory.Delete(copyTarget, recursive: true);
            if (round >= 0)
            {
                checks.Add(check);
                sums.Add(sum);
                backups.Add(backup);
                copies.Add(copy);
            }
        }

        GC.KeepAlive(sink);
        GC.KeepAlive(floats.Length);
        var result = new Result(storeBytes, first, Measure.Median(checks), Measure.Median(sums), Measure.Median(backups), Measure.Median(copies), backupBytes);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static void Fill(string store, Shape shape)
    {
        using var writer = MmapVectorStore.Create(store, shape.Dimension, new VectorStoreOptions { Durability = Durability.Process });
        ApiPatterns.ApiPatternProbe.LoadInBatches(writer, new DataSet(shape));
    }

    private static void Healthy(Engine.Verification.VerificationReport report)
    {
        if (!report.IsHealthy)
        {
            throw new BenchmarkFailedException($"the benchmark's store is damaged: {report.Damage[0].Problem}");
        }
    }

    /// <summary>Each file copied in 4 MiB chunks into a new folder, each synced once, then the folder.</summary>
    private static void Copy(string[] files, string target)
    {
        Directory.CreateDirectory(target);
        var chunk = new byte[4 << 20];
        foreach (var file in files)
        {
            using var source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
            using var copy = new FileStream(Path.Combine(target, Path.GetFileName(file)), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
            int read;
            while ((read = source.Read(chunk)) > 0)
            {
                copy.Write(chunk, 0, read);
            }

            DurableFiles.DataSync(copy.SafeFileHandle);
        }

        DurableFiles.SyncDirectory(target);
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Measure.SecondsSince(started);
    }
}
