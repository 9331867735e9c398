using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using VelesDb.Benchmarks.Adapters;
using VelesDb.Benchmarks.Probes;
using VelesDb.Engine.Contract;

namespace VelesDb.Benchmarks.Interchange;

/// <summary>
/// The import and export rows of issue 16: Import-VelesVector from .fvecs and .npy against the
/// durable bulk insert of the same vectors through the engine's write scope (the same batches, each
/// durable), and Export-VelesVector to .fvecs and .npy against a sequential write of the same bytes
/// with fdatasync. The cmdlets run in a child pwsh against the built module; the baselines run here.
/// Each measurement is repeated and interleaved with its baseline, and medians are compared.
/// </summary>
internal static class InterchangeRun
{
    public sealed record Timings(double[] Seconds);

    public sealed record Row(string Name, string Baseline, long Bytes, double[] Seconds, double[] BaselineSeconds, double Target, bool HigherIsBetter)
    {
        public double Median => Measure.Median(Seconds);

        public double BaselineMedian => Measure.Median(BaselineSeconds);

        /// <summary>Throughput of the cmdlet over that of the baseline: baseline time over cmdlet time.</summary>
        public double Ratio => BaselineMedian / Median;
    }

    public sealed record Result(Shape Shape, int Repetitions, IReadOnlyList<Row> Rows, DateTimeOffset Started, TimeSpan Duration, string Load);

    public static int Run(BenchmarkOptions options)
    {
        var root = RepositoryRoot();
        var started = DateTimeOffset.UtcNow;
        var shape = options.Quick ? new Shape(20_000, 128) : new Shape(200_000, 128);
        var repetitions = options.Quick ? 2 : 5;
        var module = Path.GetFullPath(options.Module ?? Path.Combine(root, "out", "VelesDb"));
        IReadOnlyList<string> pwsh = options.Pwsh.Count > 0 ? options.Pwsh : ["dotnet", "pwsh"];
        var work = Path.Combine(Path.GetTempPath(), $"velesdb-bench-interchange-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var load = LoadAverage();
        try
        {
            Say($"interchange {shape.Name}, {repetitions} repetitions; module {module}; work in {work}");
            var data = new DataSet(shape);
            var fvecs = Path.Combine(work, "base.fvecs");
            var npy = Path.Combine(work, "base.npy");
            WriteFvecs(fvecs, data);
            WriteNpy(npy, data);

            var rows = new List<Row>();
            foreach (var (name, file) in new[] { ("Import-VelesVector from .fvecs", fvecs), ("Import-VelesVector from .npy", npy) })
            {
                var baseline = new List<double>();
                var cmdlet = new List<double>();
                for (var i = 0; i < repetitions; i++)
                {
                    baseline.Add(BulkInsert(data, Path.Combine(work, $"bulk-{i}")));
                    cmdlet.AddRange(Cmdlet(pwsh, root, module, "Import", file, work, shape.Dimension, null, 1));
                }

                var row = new Row(name, "durable bulk insert of the same vectors through the engine's write scope (same batches, each durable)", shape.PayloadBytes, [.. cmdlet], [.. baseline], 0.8, true);
                rows.Add(row);
                Say(string.Create(CultureInfo.InvariantCulture, $"  {name}: {row.Median:0.000} s vs {row.BaselineMedian:0.000} s: {row.Ratio:0.00}×"));
            }

            var source = Path.Combine(work, "source");
            BulkInsert(data, source, keep: true);
            foreach (var (name, extension) in new[] { ("Export-VelesVector to .fvecs", ".fvecs"), ("Export-VelesVector to .npy", ".npy") })
            {
                var file = Path.Combine(work, "export" + extension);
                var baseline = new List<double>();
                var cmdlet = new List<double>();
                long bytes = 0;
                for (var i = 0; i < repetitions; i++)
                {
                    cmdlet.AddRange(Cmdlet(pwsh, root, module, "Export", file, work, shape.Dimension, source, 1));
                    bytes = new FileInfo(file).Length + new FileInfo(Path.ChangeExtension(file, ".ids.npy")).Length;
                    baseline.Add(SequentialWrite(Path.Combine(work, "sequential.bin"), bytes));
                }

                var row = new Row(name, "sequential write of the same bytes (1 MiB writes) and fdatasync", bytes, [.. cmdlet], [.. baseline], 0.5, true);
                rows.Add(row);
                Say(string.Create(CultureInfo.InvariantCulture, $"  {name}: {row.Median:0.000} s vs {row.BaselineMedian:0.000} s: {row.Ratio:0.00}× ({bytes / row.Median / 1e6:0} vs {bytes / row.BaselineMedian / 1e6:0} MB/s)"));
            }

            var result = new Result(shape, repetitions, rows, started, DateTimeOffset.UtcNow - started, $"{load} at the start, {LoadAverage()} at the end");
            var output = options.Output ?? Path.Combine(root, options.Quick ? "out/benchmarks-interchange-quick.md" : "docs/benchmarks.md");
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
            var section = InterchangeReport.Section(result, options.Quick, MachineLine(work));
            var existing = File.Exists(output) ? File.ReadAllText(output) : "";
            File.WriteAllText(output, InterchangeReport.Splice(existing, section));
            Say($"wrote the interchange section of {output}");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The baseline of an import: every vector through one write scope, each batch durable; seconds.</summary>
    private static double BulkInsert(DataSet data, string directory, bool keep = false)
    {
        var locator = Locate(directory);
        var seconds = 0.0;
        using (var store = StoreProviders.Embedded.Create(locator, new StoreCreateOptions { Dimension = data.Dimension }))
        {
            seconds = Measure.Seconds(() =>
            {
                using var writer = store.BeginWrite(new WriteScopeOptions { SyncEachBatch = true });
                for (var i = 0; i < data.Count; i++)
                {
                    writer.Add((ulong)i, data.Vector((ulong)i));
                }

                writer.Commit();
            });
        }

        if (!keep)
        {
            Directory.Delete(directory, recursive: true);
        }

        return seconds;
    }

    private static StoreLocator Locate(string directory) =>
        StoreProviders.Embedded.TryLocate(directory, out var locator) ? locator : throw new BenchmarkFailedException($"No locator for {directory}.");

    /// <summary>The baseline of an export: the same number of bytes written in 1 MiB writes, then fdatasync; seconds.</summary>
    private static double SequentialWrite(string path, long bytes)
    {
        var buffer = new byte[1024 * 1024];
        Random.Shared.NextBytes(buffer);
        var seconds = Measure.Seconds(() =>
        {
            using var handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write);
            for (long offset = 0; offset < bytes; offset += buffer.Length)
            {
                RandomAccess.Write(handle, buffer.AsSpan(0, (int)Math.Min(buffer.Length, bytes - offset)), offset);
            }

            DurableFiles.DataSync(handle);
        });
        File.Delete(path);
        return seconds;
    }

    private static double[] Cmdlet(IReadOnlyList<string> pwsh, string root, string module, string operation, string file, string work, int dimension, string? storePath, int repetitions)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Interchange", "interchange.ps1");
        var scratch = Path.Combine(work, "scratch");
        Directory.CreateDirectory(scratch);
        try
        {
            string[] arguments =
            [
                .. pwsh.Skip(1), "-NoProfile", "-NonInteractive", "-File", script,
                "-ModulePath", module, "-Operation", operation, "-File", file, "-WorkDirectory", scratch,
                "-Dimension", dimension.ToString(CultureInfo.InvariantCulture), "-Repetitions", repetitions.ToString(CultureInfo.InvariantCulture),
                .. storePath is null ? Array.Empty<string>() : ["-StorePath", storePath],
            ];
            return ChildProcess.Run<Timings>(pwsh[0], arguments, null, root).Seconds;
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void WriteFvecs(string path, DataSet data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        Span<byte> dimension = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(dimension, data.Dimension);
        for (var i = 0; i < data.Count; i++)
        {
            stream.Write(dimension);
            stream.Write(MemoryMarshal.AsBytes(data.Vector((ulong)i)));
        }
    }

    private static void WriteNpy(string path, DataSet data)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        var dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({data.Count}, {data.Dimension}), }}";
        var header = dict.PadRight(128 - 10 - 1) + "\n";
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, (byte)header.Length, 0]);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
        stream.Write(MemoryMarshal.AsBytes(data.Rows(0, data.Count)));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string MachineLine(string work)
    {
        var machine = Report.MachineInfo.Current(work);
        return $"{machine.Cpu}, {machine.Cores} cores, {machine.Memory} memory; {machine.OperatingSystem} ({machine.Kernel}); {machine.Runtime}; temp directory on {machine.TempFileSystem}";
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VelesDb.sln")))
            {
                return directory.FullName;
            }
        }

        return Environment.CurrentDirectory;
    }

    private static void Say(string text) => Console.WriteLine($"[{DateTime.Now:HH:mm:ss}] {text}");
}
