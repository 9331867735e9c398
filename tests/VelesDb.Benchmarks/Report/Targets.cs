using System.Globalization;

namespace VelesDb.Benchmarks.Report;

/// <summary>The ratio targets of issues 6, 7, 4 and 14, checked against one run. Timings are never asserted in tests; here they are only reported.</summary>
internal static class Targets
{
    private const string Engine = "VelesDb";

    public static IReadOnlyList<Target> Evaluate(BenchResults results)
    {
        var targets = new List<Target>();
        var shapes = results.Settings.Shapes;
        var writeBandwidth = results.Baselines?.SequentialWriteMBps;
        for (var s = 0; s < shapes.Count; s++)
        {
            var shape = shapes[s];
            var at = $" at {shape.Name}";
            var engine = results.Run(Engine, shape);
            var raw = results.Run("raw log", shape);
            var lmdb = results.Run("LMDB", shape);

            targets.Add(Interleaved(results, shape, "LMDB", $"durable bulk insert ≥ 2× LMDB{at}", r => r.BulkVectorsPerSecond, engine, lmdb, Metric.BulkInsert, 2, atLeast: true));
            targets.Add(Interleaved(results, shape, "raw log", $"durable bulk insert ≥ 0.9× the raw log{at}", r => r.BulkVectorsPerSecond, engine, raw, Metric.BulkInsert, 0.9, atLeast: true));
            targets.Add(Interleaved(results, shape, "raw log", $"durable single insert p50 ≤ 1.3× the raw log's{at}", r => r.SingleP50, engine, raw, Metric.SingleInsertP50, 1.3, atLeast: false));
            targets.Add(CopyingReads(results, shape, $"random reads (copy) ≥ 2× LMDB{at}", engine, lmdb));
            targets.Add(ZeroCopyReads(results, shape, $"zero-copy reads ≥ 10 million/s on one thread{at}", engine));
            targets.Add(Ratio("#6", $"delete 10 % + flush ≥ 0.5× the raw log's delete throughput{at}", engine, raw, Metric.Delete, 0.5, atLeast: true));
            var reopenLimit = s == 0 ? 5.0 : 20.0;
            targets.Add(Absolute("#6", $"reopen to first read ≤ {reopenLimit} ms{at}", engine?[Metric.Reopen], reopenLimit, atLeast: false, "ms"));
            targets.Add(Absolute("#6", $"files ≤ 1.1× the raw payload after a clean close{at}", Payload(engine, Metric.SizeAfterInsert), 1.1, atLeast: false, "× payload"));
            targets.Add(Absolute("#6", $"files ≤ 1.1× the raw payload after compaction{at}", Payload(engine, Metric.SizeAfterCompaction), 1.1, atLeast: false, "× payload"));
            var disk = engine?[Metric.CompactionWriteBaseline] ?? writeBandwidth;
            var compaction = engine?[Metric.Compaction50] / disk;
            targets.Add(Absolute("#6", $"compaction at 50 % dead ≥ 0.5× sequential write + fdatasync bandwidth{at}", compaction, 0.5, atLeast: true,
                string.Create(CultureInfo.InvariantCulture, $"× ({engine?[Metric.Compaction50]:0} vs {disk:0} MB/s, the disk measured just before and after the compaction)")));
            if (s == shapes.Count - 1)
            {
                targets.Add(Absolute("#6", $"private memory ≤ 64 bytes per vector beyond the mapped pages{at}", engine?[Metric.MemoryPerVector], 64, atLeast: false, "bytes/vector"));
            }

            if (results.Search.TryGetValue(shape, out var search))
            {
                var single = search.Metrics.Min(m => search.GBps(m.SingleSeconds)) / search.SumSingleGBps;
                targets.Add(Absolute("#7", $"single-threaded search ≥ 0.7× memory-read bandwidth of the same bytes (slowest metric){at}", single, 0.7, atLeast: true, "×"));
                var scaling = search.Metrics.Min(m => m.SingleSeconds / m.AllSeconds);
                var sumScaling = search.SumSingleSeconds / search.SumAllSeconds;
                var description = $"search on {search.Threads} threads ≥ 1.6× one thread (slowest metric){at}";
                targets.Add(sumScaling < 1.6
                    ? new Target("#7", description, string.Create(CultureInfo.InvariantCulture,
                        $"{scaling:0.00}×, but not measurable in this run: the SIMD sum of the same bytes, alternated with it, scaled only {sumScaling:0.00}×, so the other cores were busy with other work"), null)
                    : Absolute("#7", description, scaling, 1.6, atLeast: true,
                        string.Create(CultureInfo.InvariantCulture, $"× (the SIMD sum of the same bytes scaled {sumScaling:0.00}× in the same probe)")));
            }
            else
            {
                targets.Add(new Target("#7", $"search vs memory bandwidth{at}", "not measured", null));
            }
        }

        targets.Add(results.Pipeline is { } pipeline
            ? Absolute("#4", $"piping {pipeline.Count:N0} objects of {pipeline.Dimension} floats into Add-VelesVector ≤ 1.5× a no-op binary cmdlet", pipeline.Ratio, 1.5, atLeast: false, "×")
            : new Target("#4", "pipeline ingest ≤ 1.5× a no-op binary cmdlet", results.PipelineSkipped ?? "not measured", null));
        targets.AddRange(RecordsReport.Evaluate(results));
        return targets;
    }

    /// <summary>
    /// A write target, judged on the interleaved run (both stores under the same disk conditions);
    /// the store-after-store ratio from the tables is shown beside it.
    /// </summary>
    private static Target Interleaved(BenchResults results, Shape shape, string peerName, string description, Func<Workloads.InterleavedRun.StoreResult, double> pick, StoreRun? engine, StoreRun? peer, Metric metric, double limit, bool atLeast)
    {
        var sequential = engine?[metric] is { } a && peer?[metric] is { } b ? string.Create(CultureInfo.InvariantCulture, $"; store after store: {a / b:0.00}×") : "";
        if (results.InterleavedResult("VelesDb", shape) is not { } mine || results.InterleavedResult(peerName, shape) is not { } theirs)
        {
            return Ratio("#6", description, engine, peer, metric, limit, atLeast);
        }

        var ratio = pick(mine) / pick(theirs);
        var measured = string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}× interleaved ({Metric.Number(pick(mine))} vs {Metric.Number(pick(theirs))} {metric.Unit}{sequential})");
        return new Target("#6", description, measured, atLeast ? ratio >= limit : ratio <= limit);
    }

    /// <summary>Size of the store's files ÷ the payload live at that point.</summary>
    public static double? Payload(StoreRun? run, Metric size) =>
        run?[size] is { } bytes ? bytes / MarkdownReport.LivePayload(run.Shape, size) : null;

    /// <summary>
    /// Judged on the read probe, where each store has a fresh process of its own; the ratio in the
    /// benchmark's own long-lived process is shown beside it, with the copying floor for scale.
    /// </summary>
    private static Target CopyingReads(BenchResults results, Shape shape, string description, StoreRun? engine, StoreRun? lmdb)
    {
        var inProcess = Ratio("#6", description, engine, lmdb, Metric.ReadCopy, 2, atLeast: true);
        if (!results.Reads.TryGetValue((Engine, shape), out var mine) || !results.Reads.TryGetValue(("LMDB", shape), out var theirs))
        {
            return WithCopyFloor(inProcess, results, shape, lmdb);
        }

        var ratio = mine.Copy / theirs.Copy;
        var measured = string.Create(CultureInfo.InvariantCulture,
            $"{ratio:0.00}× in fresh processes ({Metric.Number(mine.Copy)} vs {Metric.Number(theirs.Copy)} ops/s; copying whole random vectors out of a plain array in the same process reaches {mine.CopyFloor / theirs.Copy:0.00}× LMDB); in the benchmark's own process: {inProcess.Measured}");
        return new Target("#6", description, measured, ratio >= 2);
    }

    /// <summary>Judged on the read probe's fresh process, beside that process's floor and the benchmark process's own figure.</summary>
    private static Target ZeroCopyReads(BenchResults results, Shape shape, string description, StoreRun? engine)
    {
        var inProcess = engine?[Metric.ReadZeroCopy];
        if (!results.Reads.TryGetValue((Engine, shape), out var mine) || mine.ZeroCopy is not { } views)
        {
            return Absolute("#6", description, inProcess, 10e6, atLeast: true, "reads/s");
        }

        var measured = string.Create(CultureInfo.InvariantCulture,
            $"{Metric.Number(views)} reads/s in a fresh process (reading the same components of a plain array by position there: {Metric.Number(mine.TouchFloor)}/s); in the benchmark's own process: {(inProcess is { } v ? Metric.Number(v) : "not measured")} reads/s");
        return new Target("#6", description, measured, views >= 10e6);
    }

    /// <summary>Adds what copying whole vectors at random out of plain memory reaches, in the same units, for scale.</summary>
    private static Target WithCopyFloor(Target target, BenchResults results, Shape shape, StoreRun? lmdb)
    {
        if (target.Passed is null || !results.RandomCopy.TryGetValue(shape, out var floor) || lmdb?[Metric.ReadCopy] is not { } theirs)
        {
            return target;
        }

        return target with
        {
            Measured = string.Create(CultureInfo.InvariantCulture, $"{target.Measured}; copying whole random vectors out of a plain array, with no index and no checksum, reaches {floor / theirs:0.00}× LMDB"),
        };
    }

    private static Target Ratio(string issue, string description, StoreRun? engine, StoreRun? peer, Metric metric, double limit, bool atLeast)
    {
        if (engine?[metric] is not { } mine || peer?[metric] is not { } theirs)
        {
            return new Target(issue, description, peer?.Skipped ?? "not measured", null);
        }

        var ratio = mine / theirs;
        var measured = string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}× ({Metric.Number(mine)} vs {Metric.Number(theirs)} {metric.Unit})");
        return new Target(issue, description, measured, atLeast ? ratio >= limit : ratio <= limit);
    }

    private static Target Absolute(string issue, string description, double? value, double limit, bool atLeast, string unit) =>
        value is { } v
            ? new Target(issue, description, $"{Metric.Number(v)} {unit}", atLeast ? v >= limit : v <= limit)
            : new Target(issue, description, "not measured", null);
}
