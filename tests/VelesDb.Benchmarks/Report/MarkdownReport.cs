using System.Globalization;
using System.Text;

namespace VelesDb.Benchmarks.Report;

/// <summary>Writes the run as docs/benchmarks.md: machine, command, targets, one table per shape, baselines, search, pipeline, memory, where the time goes.</summary>
internal static class MarkdownReport
{
    public const string Command = "dotnet tool restore && dotnet pwsh ./build.ps1 -Task Bench";
    private const string Engine = "VelesDb";

    /// <summary>Bytes of vectors live when a size was taken: all after the insert; 90 % + the single inserts after delete and compaction.</summary>
    public static double LivePayload(Shape shape, Metric size) =>
        size == Metric.SizeAfterInsert
            ? shape.PayloadBytes
            : (double)(shape.Count - (shape.Count / 10) + DataSet.ExtraCount) * shape.Dimension * sizeof(float);

    public static string Build(BenchResults results, MachineInfo machine)
    {
        var md = new StringBuilder();
        var quick = results.Settings.Quick;
        Line(md, "# VelesDb benchmarks");
        Line(md);
        if (results.RecordsOnly)
        {
            // A --records run: its section alone, which carries its own date, command and machine.
            if (quick)
            {
                Line(md, "> **Quick run** (`--quick`, small sizes): for development only; the numbers below are not the benchmark.");
                Line(md);
            }

            RecordsReport.Write(md, results, machine);
            return md.ToString();
        }

        Line(md, quick
            ? "> **Quick run** (`--quick`, small sizes): for development only; the numbers below are not the benchmark."
            : "Issue 6's benchmark: VelesDb against the seed's design, a raw append-only log, LMDB and SQLite, in one run on one machine, with the machine's own limits measured in the same run. Ratios, not absolute times, are what carry over to another machine.");
        Line(md);
        Line(md, $"- **Date**: {results.Started:yyyy-MM-dd HH:mm} UTC; the run took {results.Duration.TotalMinutes:0.0} min");
        Line(md, $"- **Command**: `{Command}`{(quick ? " (this file: `... -Task Bench` with `--quick`)" : "")}; or `dotnet run -c Release --project tests/VelesDb.Benchmarks [-- --quick]`");
        Line(md, $"- **Machine**: {machine.Cpu}, {machine.Cores} cores, {machine.Memory} memory; {machine.OperatingSystem} ({machine.Kernel}); {machine.Runtime}");
        Line(md, $"- **Load**: load average (1 / 5 / 15 min) {results.LoadAtStart} at the start, {results.LoadAtEnd} at the end; on {machine.Cores} cores anything above 0 is other work competing with the benchmark");
        Line(md, $"- **Storage**: the temp directory, on {machine.TempFileSystem}; page cache warm (every store is read right after it is written)");
        Line(md, $"- **Data**: float32 vectors uniform in [-1, 1) from a fixed seed; ids 0..N-1 inserted in order; shapes {string.Join(" and ", results.Settings.Shapes.Select(s => s.Name))}");
        Line(md);

        WriteTargets(md, results);
        foreach (var shape in results.Settings.Shapes)
        {
            WriteStoreTable(md, results, shape);
        }

        WriteBaselines(md, results);
        WriteSearch(md, results);
        WritePipeline(md, results);
        RecordsReport.Write(md, results, machine);
        WriteMemory(md, results);
        WriteBreakdown(md, results);
        WriteMethod(md, results);
        WriteReproduce(md);
        return md.ToString();
    }

    private static void WriteTargets(StringBuilder md, BenchResults results)
    {
        var targets = Targets.Evaluate(results);
        Line(md, "## Targets");
        Line(md);
        Line(md, $"From issues 6 (storage), 7 (search), 4 (pipeline) and 14 (records), checked against this run: **{targets.Count(t => t.Passed == true)} PASS, {targets.Count(t => t.Passed == false)} MISS**{(targets.Any(t => t.Passed is null) ? $", {targets.Count(t => t.Passed is null)} not measured" : "")}.");
        Line(md);
        Line(md, "| issue | target | measured | |");
        Line(md, "|---|---|---|---|");
        foreach (var target in targets)
        {
            Line(md, $"| {target.Issue} | {target.Description} | {target.Measured} | **{target.Verdict}** |");
        }

        Line(md);
    }

    private static void WriteStoreTable(StringBuilder md, BenchResults results, Shape shape)
    {
        var runs = results.RunsAt(shape).ToList();
        var engine = runs.FirstOrDefault(run => run.Store == Engine);
        var peers = runs.Where(run => run.Store != Engine).ToList();
        Line(md, $"## {shape.Name} floats ({shape.PayloadBytes / 1e6:N0} MB of vectors)");
        Line(md);
        Line(md, "Ratio columns are **VelesDb ÷ peer** for every row: above 1 is better where higher is better (↑), below 1 is better where lower is better (↓).");
        Line(md);
        var header = new StringBuilder("| workload | unit | | ");
        header.Append(string.Join(" | ", runs.Select(run => run.Store)));
        header.Append(string.Concat(peers.Select(peer => $" | ÷ {peer.Store}")));
        header.Append(" |");
        Line(md, header.ToString());
        Line(md, "|---|---|---|" + string.Concat(Enumerable.Repeat("--:|", runs.Count + peers.Count)));
        foreach (var metric in Metric.StoreRows)
        {
            var row = new StringBuilder($"| {metric.Label} | {metric.Unit} | {(metric.HigherIsBetter ? "↑" : "↓")} | ");
            row.Append(string.Join(" | ", runs.Select(run => Cell(run, metric, shape))));
            foreach (var peer in peers)
            {
                row.Append(" | ");
                row.Append(engine?[metric] is { } mine && peer[metric] is { } theirs && theirs > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"{mine / theirs:0.00}×")
                    : "–");
            }

            row.Append(" |");
            Line(md, row.ToString());
        }

        if (results.Interleaved.TryGetValue(shape, out var interleaved))
        {
            Line(md);
            Line(md, $"**Interleaved durable writes** (what the write targets are judged on): fresh stores, each batch of 1,000 and then each of 1,000 single inserts going into every store in turn, in rotating order, so all see the same disk at the same moment.");
            Line(md);
            Line(md, "| store | durable bulk insert, vectors/s | single insert p50, µs | single insert p99, µs |");
            Line(md, "|---|--:|--:|--:|");
            foreach (var r in interleaved)
            {
                Line(md, string.Create(CultureInfo.InvariantCulture, $"| {r.Store} | {Metric.Number(r.BulkVectorsPerSecond)} | {r.SingleP50:0} | {r.SingleP99:0} |"));
            }
        }

        Line(md);
        foreach (var skipped in runs.Where(run => run.Skipped is not null))
        {
            Line(md, $"- {skipped.Store} skipped: {skipped.Skipped}");
        }

        if (runs.Any(run => run.Skipped is not null))
        {
            Line(md);
        }
    }

    private static string Cell(StoreRun run, Metric metric, Shape shape)
    {
        if (run.Skipped is not null)
        {
            return "skipped";
        }

        if (run[metric] is not { } value)
        {
            return "n/a";
        }

        if (metric.IsSize)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{value / 1e6:N1} ({value / LivePayload(shape, metric):0.00}×)");
        }

        return Metric.Number(value);
    }

    private static void WriteBaselines(StringBuilder md, BenchResults results)
    {
        if (results.Baselines is not { } b)
        {
            return;
        }

        Line(md, "## The machine's limits (same run)");
        Line(md);
        Line(md, "| baseline | value | VelesDb against it |");
        Line(md, "|---|--:|---|");
        var engineRuns = results.Runs.Where(run => run.Store == Engine && run.Skipped is null).ToList();
        string Against(Func<StoreRun, double?> pick, Func<double, double> ratio, string what) =>
            string.Join("; ", engineRuns.Where(run => pick(run) is not null).Select(run =>
                string.Create(CultureInfo.InvariantCulture, $"{what} at {run.Shape.Name}: {ratio(pick(run)!.Value):0.00}×")));
        Line(md, $"| sequential write + fdatasync ({results.Settings.SequentialWriteBytes >> 20} MiB in 4 MiB writes to a new file, one fdatasync) | {b.SequentialWriteMBps:0} MB/s | " +
            Against(run => run[Metric.BulkInsertBandwidth], v => v / b.SequentialWriteMBps, "bulk insert") + "; " +
            Against(run => run[Metric.Compaction50], v => v / b.SequentialWriteMBps, "compaction at 50 % dead") + " |");
        Line(md, $"| 4 KiB append + fdatasync, p50 of 200 | {b.SyncLatencyP50Us:0} µs | " +
            Against(run => run[Metric.SingleInsertP50], v => v / b.SyncLatencyP50Us, "single insert p50") + " |");
        foreach (var (shape, rate) in results.RandomTouch)
        {
            var engine = results.Run(Engine, shape);
            var against = engine?[Metric.ReadZeroCopy] is { } views ? string.Create(CultureInfo.InvariantCulture, $"zero-copy reads: {views / rate:0.00}×; copying reads: {engine[Metric.ReadCopy] / rate:0.00}×") : "";
            Line(md, $"| random reads at the memory's limit, {shape.Name}: first and last component of random vectors in a managed array of the data set, by position (no index), 1 thread | {Metric.Number(rate)} reads/s | {against} |");
            if (results.RandomCopy.TryGetValue(shape, out var copies))
            {
                var copying = engine?[Metric.ReadCopy] is { } reads ? string.Create(CultureInfo.InvariantCulture, $"copying reads: {reads / copies:0.00}×") : "";
                Line(md, $"| random copies at the memory's limit, {shape.Name}: whole random vectors copied out of that array into one buffer, by position (no index, no checksum), 1 thread | {Metric.Number(copies)} copies/s | {copying} |");
            }
        }

        Line(md, $"| memcpy, 256 MiB, 1 thread | {b.MemcpyGBps:0.0} GB/s | |");
        Line(md, $"| SIMD sum (TensorPrimitives.Sum), 256 MiB, 1 thread | {b.MemoryReadGBps:0.0} GB/s | search compares with the sum of its own mapped file, below |");
        Line(md, $"| SIMD sum, 256 MiB, {Environment.ProcessorCount} threads | {b.MemoryReadAllCoresGBps:0.0} GB/s | |");
        Line(md);
    }

    private static void WriteSearch(StringBuilder md, BenchResults results)
    {
        if (results.Search.Count == 0)
        {
            return;
        }

        Line(md, "## Exact search (Search, k = 10)");
        Line(md);
        Line(md, "A fresh process opens the store's files and alternates one thread and all threads (`maxDegreeOfParallelism`) run by run, so both see the machine in the same state. \"Sum\" is a SIMD sum over the same mapped data file: the memory-read bandwidth of exactly the bytes a query scans. GB/s = data file bytes ÷ median query time.");
        Line(md);
        Line(md, "| shape | metric | queries/s, 1 thread | GB/s, 1 thread | ÷ sum, 1 thread | queries/s, all threads | GB/s, all threads | ÷ sum, all threads | all ÷ one |");
        Line(md, "|---|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var (shape, search) in results.Search)
        {
            foreach (var m in search.Metrics)
            {
                Line(md, string.Create(CultureInfo.InvariantCulture,
                    $"| {shape.Name} | {m.Metric} | {1 / m.SingleSeconds:0.0} | {search.GBps(m.SingleSeconds):0.00} | {search.GBps(m.SingleSeconds) / search.SumSingleGBps:0.00}× | {1 / m.AllSeconds:0.0} | {search.GBps(m.AllSeconds):0.00} | {search.GBps(m.AllSeconds) / search.SumAllGBps:0.00}× | {m.SingleSeconds / m.AllSeconds:0.00}× |"));
            }

            Line(md, string.Create(CultureInfo.InvariantCulture,
                $"| {shape.Name} | SIMD sum of the data file ({search.ScannedBytes / 1e6:N0} MB) | | {search.SumSingleGBps:0.00} | | | {search.SumAllGBps:0.00} | | {search.SumSingleSeconds / search.SumAllSeconds:0.00}× |"));
        }

        Line(md);
        Line(md, $"All threads = {results.Search.Values.FirstOrDefault()?.Threads} on this machine.");
        foreach (var (shape, search) in results.Search)
        {
            if (search.Verified is { } verified)
            {
                Line(md, $"- {shape.Name}: {verified}.");
            }
        }

        Line(md);
    }

    private static void WritePipeline(StringBuilder md, BenchResults results)
    {
        Line(md, "## PowerShell pipeline ingest");
        Line(md);
        if (results.Pipeline is not { } p)
        {
            Line(md, $"Not measured: {results.PipelineSkipped}");
            Line(md);
            return;
        }

        Line(md, $"The same {p.Count:N0} objects (PSCustomObject with `Id` and a `float[{p.Dimension}]` `Vector`) piped, in a fresh pwsh {p.PowerShell}, into `Add-VelesVector -Store $s` (default full durability, so one flush when the pipeline ends, and default batch size; a new store each time) and into `Add-NoOpVector`, a binary cmdlet with the same parameters and parameter sets (`-Store` or `-Path`: PowerShell's binder does more per object for each set) that only counts what it receives. Median of {p.AddSeconds.Length}, in turn with the order rotating each round (what one run leaves behind, such as freed page-cache pages, changes what the next costs), after the kernel has written back what the earlier workloads left dirty (otherwise the first writes pay for theirs).");
        Line(md);
        Line(md, "| pipeline | median s | objects/s |");
        Line(md, "|---|--:|--:|");
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| `$objects \\| Add-NoOpVector` | {p.NoOpMedian:0.000} | {p.Count / p.NoOpMedian:N0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| `$objects \\| Add-VelesVector` | {p.AddMedian:0.000} | {p.Count / p.AddMedian:N0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| `$objects \\| Add-VelesVector` into a store opened with `-Durability Process` (no syncs) | {p.AddProcessMedian:0.000} | {p.Count / p.AddProcessMedian:N0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| **Add-VelesVector ÷ no-op** | **{p.Ratio:0.00}×** | |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| Add-VelesVector (Process durability) ÷ no-op | {p.AddProcessMedian / p.NoOpMedian:0.00}× | |"));
        Line(md);
        Line(md, $"Verified: {p.Verified}.");
        Line(md);
    }

    private static void WriteMemory(StringBuilder md, BenchResults results)
    {
        if (results.Memory.Count == 0)
        {
            return;
        }

        Line(md, "## Memory");
        Line(md);
        Line(md, "A fresh process opens the closed store after the bulk insert, reads every vector, collects garbage, and reports the growth of its resident anonymous memory (RssAnon: heaps, indexes, caches; not file-backed mapped pages) and of its managed heap, per vector.");
        Line(md);
        Line(md, "| shape | store | private (RssAnon) bytes/vector | managed heap bytes/vector | file-backed RSS after reading all |");
        Line(md, "|---|---|--:|--:|--:|");
        foreach (var ((_, shape), m) in results.Memory)
        {
            Line(md, string.Create(CultureInfo.InvariantCulture, $"| {shape.Name} | {m.Store} | {Clean(m.AnonPerVector)} | {Clean(m.ManagedPerVector)} | {m.FileBackedAfter / 1e6:N0} MB |"));
        }

        Line(md);
    }

    private static void WriteBreakdown(StringBuilder md, BenchResults results)
    {
        var runs = results.Runs.Where(run => run.Store == Engine && run.Skipped is null).ToList();
        if (runs.Count == 0)
        {
            return;
        }

        Line(md, "## Where VelesDb's time goes");
        Line(md);
        Line(md, "From the engine's own metrics (GetMetrics) around each workload: calls, syncs (fdatasync), growth of the data file, index checkpoints (percentiles are since the store was opened); then what reopening and a random read must do at least, each step timed on its own.");
        Line(md);
        foreach (var run in runs)
        {
            Line(md, $"**{run.Shape.Name}**");
            Line(md);
            foreach (var line in run.Breakdown)
            {
                Line(md, $"- {line}");
            }

            if (results.ReadAnatomy.TryGetValue(run.Shape, out var anatomy))
            {
                Line(md, $"- {anatomy}");
            }

            if (results.BatchSyncAnatomy.TryGetValue(run.Shape, out var batchSyncs))
            {
                Line(md, $"- {batchSyncs}");
            }

            Line(md);
        }
    }

    private static void WriteMethod(StringBuilder md, BenchResults results)
    {
        Line(md, "## How it was measured");
        Line(md);
        Line(md, "- **Durable** means: when the call returns, the write survives a power loss by the store's own rules. Bulk insert: every batch of 1,000 is one durable step (VelesDb `StoreBatch` in `Durability.Full`, the raw log's write + `Flush(true)`, one synced LMDB/SQLite transaction, the seed's `store_batch` + `flush`), then one final flush. Single insert: one vector, one durable step, 1,000 times; p50/p99 by nearest rank.");
        Line(md, "- **Interleaved writes**: the disk of a shared machine drifts (the sync-floor row shows by how much), so the write targets are judged on a second, interleaved run of VelesDb, the raw log and LMDB: fresh stores, every batch and then every single insert going into each store in turn, in rotating order. The store-after-store ratio is shown beside it.");
        Line(md, $"- Reads: uniformly random ids over every stored vector, one thread, {results.Settings.Repetitions} runs of ≥ {results.Settings.ReadSeconds} s each, median. A copying read fills the caller's buffer; a zero-copy read gets the store's view and reads its first and last component. LMDB reads reuse one read transaction (its fastest mode); the seed's `retrieve` returns a new array, as its API does.");
        Line(md, "- Reads in a fresh process: right after the bulk insert and a clean close, each store is opened by a new process of its own, which copies every vector out into a managed array, then runs, in turn, the same random ids against that array by position (the floor: no store, no index, no checksum) and against the store, copying and zero-copy; median of as many runs. The read targets are judged on these: each store measured alone in a clean process, as a script that opens a store sees it, rather than in the benchmark's long-lived process after gigabytes of other stores and data, whose figures for the same code have differed several-fold from one run to the next. Both are in the tables.");
        Line(md, "- Delete: 10 % of the ids, chosen at random, in one batch call where the store has one (VelesDb `DeleteBatch`, raw log tombstones in one write, one LMDB/SQLite transaction; the seed deletes one at a time), then a durable flush. Throughput = ids ÷ time.");
        Line(md, "- Compaction: after that delete (10 % dead), and again after deleting half of what is left (50 % dead). MB/s = live vector bytes written ÷ time. LMDB: a compacting copy, synced and renamed over the data file; SQLite: VACUUM.");
        Line(md, $"- Reopen: close cleanly, then open and read one vector; median of {results.Settings.Repetitions}. Sizes: every file in the store's directory after a clean close; × payload = ÷ the bytes of the vectors live at that point.");
        Line(md, "- Every step is checked by reading back a sample bit for bit (and deleted ids checked absent); a wrong byte stops the run. Each store runs a small warm-up first so the JIT has compiled its paths.");
        Line(md);
        Line(md, "Stores as configured:");
        Line(md);
        foreach (var (store, description) in results.StoreDescriptions)
        {
            Line(md, $"- **{store}**: {description}");
        }

        Line(md);
        foreach (var note in results.Notes)
        {
            Line(md, $"- {note}");
        }

        if (results.Notes.Count > 0)
        {
            Line(md);
        }

        Line(md, "Vectors read back and compared bit for bit after each step (deleted ids: checked absent; views: first + last component compared):");
        Line(md);
        Line(md, "| store | shape | checks |");
        Line(md, "|---|---|---|");
        foreach (var run in results.Runs.Where(run => run.Verified.Count > 0))
        {
            Line(md, $"| {run.Store} | {run.Shape.Name} | {string.Join("; ", run.Verified)} |");
        }
    }

    private static void WriteReproduce(StringBuilder md)
    {
        Line(md);
        Line(md, "## Reproduce");
        Line(md);
        Line(md, "```");
        Line(md, "apt-get install liblmdb0      # LMDB: LightningDB's bundled liblmdb.so needs glibc 2.38; older Linux uses the distribution's");
        Line(md, Command + "   # builds the module, runs everything, rewrites this file");
        Line(md, "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --quick   # small sizes, for development (writes out/benchmarks-quick.md)");
        Line(md, RecordsReport.RecordsCommand + "   # only the records rows (issue 14), about 2 minutes; rewrites their section of this file and keeps the rest");
        Line(md, "```");
        Line(md);
        Line(md, "The full run needs about 3 GB free in the temp directory and takes under 10 minutes on 2 cores. Other work on the machine shows up in the numbers: the sync-latency row measured just before each store's single inserts shows how the disk behaved at that moment. CI does not run it.");
    }

    /// <summary>One decimal, and no "-0.0" for a measured nothing.</summary>
    private static string Clean(double value) => string.Create(CultureInfo.InvariantCulture, $"{(Math.Abs(value) < 0.05 ? 0 : value):0.0}");

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');

}
