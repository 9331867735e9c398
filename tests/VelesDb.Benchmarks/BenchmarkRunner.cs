using System.Diagnostics;
using System.Globalization;
using VelesDb.Benchmarks.Adapters;
using VelesDb.Benchmarks.ApiPatterns;
using VelesDb.Benchmarks.Operations;
using VelesDb.Benchmarks.Baselines;
using VelesDb.Benchmarks.Pipeline;
using VelesDb.Benchmarks.Probes;
using VelesDb.Benchmarks.Records;
using VelesDb.Benchmarks.Report;
using VelesDb.Benchmarks.Workloads;

namespace VelesDb.Benchmarks;

/// <summary>The whole run: baselines, every store at every shape, the search and memory probes, pipeline ingest, the report.</summary>
internal static class BenchmarkRunner
{
    private const string Engine = "VelesDb";

    public static int Run(BenchmarkOptions options)
    {
        if (options.QuantizedOnly)
        {
            return RunQuantized(options);
        }

        var settings = options.Quick ? BenchSettings.QuickRun : BenchSettings.Full;
        var root = RepositoryRoot();
        if (options.ApiOnly)
        {
            return RunApiPatterns(options, settings, root);
        }

        if (options.OperationsOnly)
        {
            return RunOperations(options, settings, root);
        }

        var stores = StoreFactory.Names.Where(name => name == Engine || options.Stores is null || options.Stores.Contains(name, StringComparer.OrdinalIgnoreCase)).ToList();
        var workRoot = Path.Combine(Path.GetTempPath(), $"velesdb-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(workRoot);
        var results = new BenchResults(settings) { RecordsOnly = options.RecordsOnly };
        List<ApiPatternProbe.Result>? apiResults = null;
        OperationsProbe.Result? operations = null;
        Quantized.QuantizedBench.Results? quantized = null;
        var clock = Stopwatch.StartNew();
        try
        {
            CheckDiskSpace(workRoot, settings);
            if (options.RecordsOnly)
            {
                Say($"VelesDb benchmark ({(settings.Quick ? "quick" : "full")}), records workloads only: {settings.RecordsShape.Name}; work in {workRoot}");
            }
            else
            {
                Say($"VelesDb benchmark ({(settings.Quick ? "quick" : "full")}): shapes {string.Join(", ", settings.Shapes.Select(s => s.Name))}; stores {string.Join(", ", stores)}; work in {workRoot}");
                Say("baselines: sequential write + fdatasync, sync latency, memcpy, memory read ...");
                results.Baselines = HardwareBaselines.Measure(workRoot, settings.SequentialWriteBytes, settings.Quick ? 2 : 3);
                Say($"  write {results.Baselines.SequentialWriteMBps:0} MB/s, sync p50 {results.Baselines.SyncLatencyP50Us:0} µs, memcpy {results.Baselines.MemcpyGBps:0.0} GB/s, sum {results.Baselines.MemoryReadGBps:0.0} GB/s (1 thread), {results.Baselines.MemoryReadAllCoresGBps:0.0} GB/s (all)");

                results.Notes.Add(ClusteredIdsProbe.Describe(workRoot));
                foreach (var shape in settings.Shapes)
                {
                    RunShape(settings, shape, stores, workRoot, results);
                }
            }

            RecordsRun.Run(settings, workRoot, results, Say);
            RunPipeline(options, settings, root, workRoot, results);
            if (!options.RecordsOnly)
            {
                apiResults = ApiPatternsRun.Run(settings, workRoot, Say);
                operations = MeasureOperations(settings, workRoot);
                quantized = Quantized.QuantizedBench.Run(options.Quick, workRoot, Say);
            }
        }
        finally
        {
            if (Directory.Exists(workRoot))
            {
                Directory.Delete(workRoot, recursive: true);
            }
        }

        results.Duration = clock.Elapsed;
        results.LoadAtEnd = BenchResults.LoadAverage();
        if (LmdbLibrary.Loaded is { } lmdb)
        {
            results.Notes.Add($"LMDB library: {lmdb}.");
        }

        var report = MarkdownReport.Build(results, MachineInfo.Current(Path.GetTempPath()));
        var output = options.Output ?? Path.Combine(root, (settings.Quick, options.RecordsOnly) switch
        {
            (true, true) => "out/benchmarks-records-quick.md",
            (true, false) => "out/benchmarks-quick.md",
            _ => "docs/benchmarks.md",
        });
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        if (options.RecordsOnly && File.Exists(output))
        {
            // Only the records section is new: the rest of the report stays as its own run wrote it.
            report = RecordsReport.Splice(File.ReadAllText(output), report, RecordsReport.Evaluate(results), results.Started);
        }

        if (quantized is not null)
        {
            report = QuantizedReport.Splice(report, QuantizedReport.Section(quantized, MachineInfo.Current(Path.GetTempPath())));
        }

        if (operations is not null)
        {
            report = OperationsReport.Splice(report, OperationsReport.Section(operations, OperationsReport.ShapeFor(settings), results.Started, "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --operations"));
        }

        if (apiResults is not null)
        {
            report = ApiPatternsReport.Splice(report, ApiPatternsReport.Section(apiResults, ApiPatternsRun.ShapeFor(settings), results.Started, "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --api"));
        }

        File.WriteAllText(output, report);
        Console.WriteLine();
        Console.WriteLine(report);
        Say($"report written to {output} ({results.Duration.TotalMinutes:0.0} min)");
        return 0;
    }

    /// <summary>The --quantized run: its own workloads and its own section of the report.</summary>
    private static int RunQuantized(BenchmarkOptions options)
    {
        var root = RepositoryRoot();
        var workRoot = Path.Combine(Path.GetTempPath(), $"velesdb-bench-{Environment.ProcessId}");
        Directory.CreateDirectory(workRoot);
        Quantized.QuantizedBench.Results results;
        try
        {
            Say($"VelesDb benchmark ({(options.Quick ? "quick" : "full")}), quantized search only; work in {workRoot}");
            results = Quantized.QuantizedBench.Run(options.Quick, workRoot, Say);
        }
        finally
        {
            Directory.Delete(workRoot, recursive: true);
        }

        var section = QuantizedReport.Section(results, MachineInfo.Current(Path.GetTempPath()));
        var output = options.Output ?? Path.Combine(root, options.Quick ? "out/benchmarks-quantized-quick.md" : "docs/benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var report = File.Exists(output) ? QuantizedReport.Splice(File.ReadAllText(output), section) : "# VelesDb benchmarks\n\n" + section;
        File.WriteAllText(output, report);
        Console.WriteLine();
        Console.WriteLine(section);
        Say($"report written to {output} ({results.Duration.TotalMinutes:0.0} min)");
        return 0;
    }

    /// <summary>Checking and backing up a store alone, spliced into the existing report.</summary>
    private static int RunOperations(BenchmarkOptions options, BenchSettings settings, string root)
    {
        var workRoot = Path.Combine(Path.GetTempPath(), $"velesdb-bench-operations-{Environment.ProcessId}");
        Directory.CreateDirectory(workRoot);
        var started = DateTimeOffset.UtcNow;
        OperationsProbe.Result result;
        try
        {
            result = MeasureOperations(settings, workRoot);
        }
        finally
        {
            Directory.Delete(workRoot, recursive: true);
        }

        var section = OperationsReport.Section(result, OperationsReport.ShapeFor(settings), started, "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --operations");
        var output = options.Output ?? Path.Combine(root, settings.Quick ? "out/benchmarks-operations-quick.md" : "docs/benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, File.Exists(output) ? OperationsReport.Splice(File.ReadAllText(output), section) : section);
        Console.WriteLine(section);
        Say($"report written to {output}");
        return 0;
    }

    private static OperationsProbe.Result MeasureOperations(BenchSettings settings, string workRoot)
    {
        var shape = OperationsReport.ShapeFor(settings);
        Say($"checking and backing up a store of {shape.Name} in a fresh process ...");
        var directory = Path.Combine(workRoot, "operations");
        try
        {
            var result = OperationsProbe.Run(directory, shape);
            Say($"  check {result.StoreBytes / result.CheckSeconds / 1e9:0.00} GB/s vs sum {result.StoreBytes / result.SumSeconds / 1e9:0.00} GB/s; backup {result.BackupBytes / result.BackupSeconds / 1e6:N0} MB/s vs copy {result.StoreBytes / result.CopySeconds / 1e6:N0} MB/s");
            return result;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The engine API's access patterns alone, spliced into the existing report.</summary>
    private static int RunApiPatterns(BenchmarkOptions options, BenchSettings settings, string root)
    {
        var workRoot = Path.Combine(Path.GetTempPath(), $"velesdb-bench-api-{Environment.ProcessId}");
        Directory.CreateDirectory(workRoot);
        var started = DateTimeOffset.UtcNow;
        List<ApiPatternProbe.Result> results;
        try
        {
            results = ApiPatternsRun.Run(settings, workRoot, Say);
        }
        finally
        {
            Directory.Delete(workRoot, recursive: true);
        }

        var section = ApiPatternsReport.Section(results, ApiPatternsRun.ShapeFor(settings), started, "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --api");
        var output = options.Output ?? Path.Combine(root, settings.Quick ? "out/benchmarks-api-quick.md" : "docs/benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, File.Exists(output) ? ApiPatternsReport.Splice(File.ReadAllText(output), section) : section);
        Console.WriteLine(section);
        Say($"report written to {output}");
        return 0;
    }

    private static void RunShape(BenchSettings settings, Shape shape, IReadOnlyList<string> stores, string workRoot, BenchResults results)
    {
        Say($"{shape.Name}: generating {shape.PayloadBytes / 1e6:N0} MB of vectors from seed {DataSet.Seed:X}");
        var data = new DataSet(shape);
        var touchIds = DataSet.RandomIds(1 << 20, shape.Count, 12);
        results.RandomTouch[shape] = Measure.Median(Enumerable.Range(0, settings.Repetitions).Select(_ => HardwareBaselines.RandomTouchRate(data, touchIds, settings.ReadSeconds)));
        results.RandomCopy[shape] = Measure.Median(Enumerable.Range(0, settings.Repetitions).Select(_ => HardwareBaselines.RandomCopyRate(data, touchIds, settings.ReadSeconds)));
        Say($"  memory floor for random reads: {Metric.Number(results.RandomTouch[shape])} vectors/s (first and last component, no index), {Metric.Number(results.RandomCopy[shape])} vectors/s copied whole");
        if (stores.Contains(Engine))
        {
            results.ReadAnatomy[shape] = RandomReadAnatomy.Describe(data, touchIds, settings);
            results.BatchSyncAnatomy[shape] = Probes.BatchSyncAnatomy.Describe(workRoot, shape, settings.Quick ? 50 : 300);
        }
        foreach (var name in stores)
        {
            if (StoreFactory.Unavailable(name) is { } reason)
            {
                Say($"  {name}: SKIPPED: {reason}");
                results.Runs.Add(new StoreRun(name, shape) { Skipped = reason });
                continue;
            }

            var clock = Stopwatch.StartNew();
            StoreWorkload.WarmUp(StoreFactory.Create(name, shape), shape.Dimension, workRoot);
            var store = StoreFactory.Create(name, shape);
            var workload = new StoreWorkload(settings, data, workRoot)
            {
                AfterBulkInsert = (directory, run) => ProbeClosedStore(name, directory, shape, settings, run, results),
            };
            var run = workload.Run(store);
            results.StoreDescriptions[name] = store.Description;
            results.Runs.Add(run);
            Say(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-12} bulk {Metric.Number(run[Metric.BulkInsert] ?? 0)}/s, single p50 {run[Metric.SingleInsertP50]:0} µs, reads {Metric.Number(run[Metric.ReadCopy] ?? 0)}/s, views {Metric.Number(run[Metric.ReadZeroCopy] ?? 0)}/s, delete {Metric.Number(run[Metric.Delete] ?? 0)}/s, compact50 {run[Metric.Compaction50]:0} MB/s, reopen {run[Metric.Reopen]:0.0} ms ({clock.Elapsed.TotalSeconds:0} s)"));
        }

        RunInterleaved(settings, data, stores, workRoot, results);
    }

    /// <summary>The durable writes the targets compare, interleaved across VelesDb and its peers so the disk's drift cannot skew them.</summary>
    private static void RunInterleaved(BenchSettings settings, DataSet data, IReadOnlyList<string> stores, string workRoot, BenchResults results)
    {
        var names = stores.Where(name => name is Engine or "raw log" or "LMDB" && StoreFactory.Unavailable(name) is null).ToList();
        if (names.Count < 2)
        {
            return;
        }

        var interleaved = InterleavedRun.Run(data, settings, names, workRoot);
        results.Interleaved[data.Shape] = interleaved;
        Say("  interleaved: " + string.Join("; ", interleaved.Select(r => string.Create(CultureInfo.InvariantCulture,
            $"{r.Store} bulk {Metric.Number(r.BulkVectorsPerSecond)}/s, single p50 {r.SingleP50:0} µs"))));
    }

    /// <summary>With the store closed after its bulk insert: the memory and read probes, and for VelesDb the search probes.</summary>
    private static void ProbeClosedStore(string name, string directory, Shape shape, BenchSettings settings, StoreRun run, BenchResults results)
    {
        var memory = MemoryProbe.Run(name, directory, shape);
        results.Memory[(name, shape)] = memory;
        run.Set(Metric.MemoryPerVector, memory.AnonPerVector);
        var reads = ReadProbe.Run(name, directory, shape, settings);
        results.Reads[(name, shape)] = reads;
        run.Set(Metric.ReadCopyFresh, reads.Copy);
        if (reads.ZeroCopy is { } views)
        {
            run.Set(Metric.ReadZeroCopyFresh, views);
        }

        if (name != Engine)
        {
            return;
        }

        var minSeconds = settings.Quick ? 0.2 : 1.0;
        results.Search[shape] = SearchProbe.Run(directory, verify: true, minSeconds);
    }

    private static void RunPipeline(BenchmarkOptions options, BenchSettings settings, string root, string workRoot, BenchResults results)
    {
        if (options.NoPipeline)
        {
            results.PipelineSkipped = "skipped with --no-pipeline.";
            return;
        }

        var module = Path.GetFullPath(options.Module ?? Path.Combine(root, "out", "VelesDb"));
        if (!File.Exists(Path.Combine(module, "VelesDb.psd1")))
        {
            results.PipelineSkipped = $"the built module is not at {module}; run `dotnet pwsh ./build.ps1 -Task Build` first (the Bench task does).";
            Say($"pipeline ingest: SKIPPED: {results.PipelineSkipped}");
            return;
        }

        IReadOnlyList<string> pwsh = options.Pwsh.Count > 0 ? options.Pwsh : ["dotnet", "pwsh"];
        if (!options.RecordsOnly)
        {
            var pending = Writeback.Settle(TimeSpan.FromSeconds(30));
            Say($"pipeline ingest: {settings.PipelineCount:N0} objects × {settings.PipelineDimension} floats through {string.Join(' ', pwsh)} (after writeback settled: {pending / 1e6:N0} MB still dirty) ...");
            try
            {
                results.Pipeline = PipelineIngest.Run(pwsh, module, root, settings, workRoot);
                Say($"  no-op {results.Pipeline.NoOpMedian:0.000} s, Add-VelesVector {results.Pipeline.AddMedian:0.000} s: {results.Pipeline.Ratio:0.00}×");
            }
            catch (Exception e) when (e is BenchmarkFailedException or System.ComponentModel.Win32Exception)
            {
                results.PipelineSkipped = $"the child pwsh failed: {e.Message.Split('\n')[0]}";
                Say($"pipeline ingest: FAILED: {e.Message}");
            }
        }

        var settled = Writeback.Settle(TimeSpan.FromSeconds(30));
        Say($"pipeline ingest of records: {settings.PipelineCount:N0} objects × {settings.PipelineDimension} floats + Name, N, Tags (after writeback settled: {settled / 1e6:N0} MB still dirty) ...");
        try
        {
            results.PipelineRecords = PipelineIngest.Run(pwsh, module, root, settings, workRoot, withAttributes: true);
            Say($"  no-op {results.PipelineRecords.NoOpMedian:0.000} s, Add-VelesVector {results.PipelineRecords.AddMedian:0.000} s: {results.PipelineRecords.Ratio:0.00}×");
        }
        catch (Exception e) when (e is BenchmarkFailedException or System.ComponentModel.Win32Exception)
        {
            results.RecordsProblems.Add($"pipeline ingest of records: the child pwsh failed: {e.Message.Split('\n')[0]}");
            Say($"pipeline ingest of records: FAILED: {e.Message}");
        }
    }

    private static void CheckDiskSpace(string workRoot, BenchSettings settings)
    {
        // The largest store at its largest (the seed design: data + a WAL copy + headroom) and the write baseline.
        var needed = (settings.Shapes.Max(s => s.PayloadBytes) * 3) + settings.SequentialWriteBytes + (1L << 30);
        var free = new DriveInfo(Path.GetPathRoot(Path.GetFullPath(workRoot))!).AvailableFreeSpace;
        foreach (var drive in DriveInfo.GetDrives().Where(d => workRoot.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal)))
        {
            free = drive.AvailableFreeSpace;
        }

        if (free < needed)
        {
            throw new BenchmarkFailedException($"{workRoot} has {free / 1e9:0.0} GB free; the run needs about {needed / 1e9:0.0} GB.");
        }
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
