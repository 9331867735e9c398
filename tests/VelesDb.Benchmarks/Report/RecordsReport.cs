using System.Globalization;
using System.Text;
using VelesDb.Benchmarks.Records;

namespace VelesDb.Benchmarks.Report;

/// <summary>
/// The records part of the report (issue 14): its targets, the durable bulk insert of records, the
/// filtered-search curve and pipeline ingest of objects with attributes. The section sits between
/// two markers, so a --records run can replace it in a report that a full run wrote and keep the rest.
/// </summary>
internal static class RecordsReport
{
    public const string RecordsCommand = "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --records";
    private const string Begin = "<!-- records section: begin (rewritten by --records runs) -->";
    private const string End = "<!-- records section: end -->";

    /// <summary>The three ratio targets of issue 14, checked against this run.</summary>
    public static IReadOnlyList<Target> Evaluate(BenchResults results)
    {
        var shape = results.Settings.RecordsShape.Name;
        var targets = new List<Target>();
        var problem = results.RecordsProblems.Count > 0 ? string.Join("; ", results.RecordsProblems) : "not measured";

        const string searchTarget = "filtered exact search on one numeric attribute ≤ 2× the unfiltered scan of the same store, at every selectivity from 0.1 % to 100 %";
        targets.Add(results.FilteredSearch is { } search
            ? new Target("#14", $"{searchTarget} at {shape}",
                string.Create(CultureInfo.InvariantCulture, $"worst {search.WorstRatio:0.00}× (") + string.Join(", ", search.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{Percent(p.Selectivity)}: {p.MedianSeconds / search.UnfilteredSeconds:0.00}×"))) + string.Create(CultureInfo.InvariantCulture, $"; unfiltered {search.UnfilteredSeconds * 1e3:0.0} ms, one thread)"),
                search.WorstRatio <= 2)
            : new Target("#14", $"{searchTarget} at {shape}", problem, null));

        const string insertTarget = "durable bulk insert of records with 100 bytes of attributes ≥ 0.8× the raw log writing the same bytes with fdatasync";
        targets.Add(results.RecordsInsert is { } insert
            ? new Target("#14", $"{insertTarget} at {shape}",
                string.Create(CultureInfo.InvariantCulture, $"{insert.Ratio:0.00}× interleaved ({Metric.Number(insert.VelesDbPerSecond)} vs {Metric.Number(insert.RawLogPerSecond)} records/s; median batch of {insert.BatchSize:N0}: {insert.BatchRatio:0.00}×)"),
                insert.Ratio >= 0.8)
            : new Target("#14", $"{insertTarget} at {shape}", problem, null));

        var pipelineTarget = $"piping {results.Settings.PipelineCount:N0} objects with Id, {results.Settings.PipelineDimension} floats and three attributes into Add-VelesVector ≤ 1.6× a no-op binary cmdlet of the same parameters";
        targets.Add(results.PipelineRecords is { } pipeline
            ? new Target("#14", pipelineTarget, string.Create(CultureInfo.InvariantCulture, $"{pipeline.Ratio:0.00}× ({pipeline.AddMedian:0.000} vs {pipeline.NoOpMedian:0.000} s)"), pipeline.Ratio <= 1.6)
            : new Target("#14", pipelineTarget, results.PipelineSkipped ?? problem, null));
        return targets;
    }

    /// <summary>The records section, between its markers.</summary>
    public static void Write(StringBuilder md, BenchResults results, MachineInfo machine)
    {
        var settings = results.Settings;
        Line(md, Begin);
        Line(md, "## Records: attributes, filtered search, pipeline ingest (issue 14)");
        Line(md);
        Line(md, $"- **Date**: {results.Started:yyyy-MM-dd HH:mm} UTC{(results.RecordsOnly ? $"; the run took {results.Duration.TotalMinutes:0.0} min" : ", in the full run above")}");
        Line(md, results.RecordsOnly
            ? $"- **Command**: `{RecordsCommand}{(settings.Quick ? " --quick" : "")}` (these rows alone; the full run, `{MarkdownReport.Command}`, measures them too)"
            : $"- **Command**: `{MarkdownReport.Command}` (these rows alone: `{RecordsCommand}`)");
        Line(md, $"- **Machine**: {machine.Cpu}, {machine.Cores} cores, {machine.Memory} memory; {machine.OperatingSystem} ({machine.Kernel}); {machine.Runtime}; temp directory on {machine.TempFileSystem}");
        if (results.RecordsOnly)
        {
            Line(md, $"- **Load**: load average (1 / 5 / 15 min) {results.LoadAtStart} at the start, {results.LoadAtEnd} at the end");
        }

        Line(md, $"- **Data**: {settings.RecordsShape.Name} float32 vectors (the data set of the other rows), integer keys 0..N-1; record i's attributes are `{BenchRecords.Json(123)}` with i for 123 and n = i mod {BenchRecords.Modulus}, padded to exactly {BenchRecords.AttributeBytes} bytes of compact JSON");
        Line(md);
        Line(md, "| issue | target | measured | |");
        Line(md, "|---|---|---|---|");
        foreach (var target in Evaluate(results))
        {
            Line(md, $"| {target.Issue} | {target.Description} | {target.Measured} | **{target.Verdict}** |");
        }

        Line(md);
        WriteInsert(md, results);
        WriteSearch(md, results);
        WritePipeline(md, results);
        foreach (var problem in results.RecordsProblems)
        {
            Line(md, $"- Not measured: {problem}");
        }

        if (results.RecordsProblems.Count > 0)
        {
            Line(md);
        }

        Line(md, End);
        Line(md);
    }

    /// <summary>
    /// <paramref name="existing"/> with its records section replaced by the one in
    /// <paramref name="fresh"/> (where it has none, the section goes before its Reproduce part, or at
    /// the end), and the #14 rows of its Targets table replaced by <paramref name="targets"/>, with
    /// the table's PASS/MISS count made to match. A file that is no report of ours is replaced whole.
    /// </summary>
    public static string Splice(string existing, string fresh, IReadOnlyList<Target> targets, DateTimeOffset started)
    {
        var section = Between(fresh) ?? throw new InvalidOperationException("The new report has no records section.");
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        if (!existing.StartsWith("# VelesDb benchmarks", StringComparison.Ordinal) || (begin < 0 && !existing.Contains("\n## Targets", StringComparison.Ordinal)))
        {
            return fresh;
        }

        string spliced;
        if (begin >= 0 && end > begin)
        {
            spliced = string.Concat(existing.AsSpan(0, begin), section, existing.AsSpan(end + End.Length));
        }
        else
        {
            var reproduce = existing.IndexOf("\n## Reproduce", StringComparison.Ordinal);
            spliced = reproduce < 0
                ? existing.TrimEnd('\n') + "\n\n" + section + "\n"
                : string.Concat(existing.AsSpan(0, reproduce + 1), section, "\n\n", existing.AsSpan(reproduce + 1));
        }

        return WithTargets(spliced, targets, started);
    }

    /// <summary>The report with the #14 rows of its Targets table (before the records section) replaced, and the table's counts redone.</summary>
    private static string WithTargets(string report, IReadOnlyList<Target> targets, DateTimeOffset started)
    {
        var lines = report.Split('\n').ToList();
        var heading = lines.IndexOf("## Targets");
        var first = lines.FindIndex(heading + 1, line => line.StartsWith("|---", StringComparison.Ordinal)) + 1;
        if (heading < 0 || first <= 0)
        {
            return report;
        }

        var last = first;
        while (last < lines.Count && lines[last].StartsWith('|'))
        {
            last++;
        }

        var rows = lines.GetRange(first, last - first).Where(line => !line.StartsWith("| #14 |", StringComparison.Ordinal)).ToList();
        var note = string.Create(CultureInfo.InvariantCulture, $" (the --records run of {started:yyyy-MM-dd HH:mm} UTC)");
        rows.AddRange(targets.Select(t => $"| {t.Issue} | {t.Description} | {t.Measured}{note} | **{t.Verdict}** |"));
        lines.RemoveRange(first, last - first);
        lines.InsertRange(first, rows);

        var count = lines.FindIndex(heading, line => line.Contains("checked against this run: **", StringComparison.Ordinal));
        if (count >= 0 && count < first)
        {
            var passed = rows.Count(row => row.EndsWith("**PASS** |", StringComparison.Ordinal));
            var missed = rows.Count(row => row.EndsWith("**MISS** |", StringComparison.Ordinal));
            var open = rows.Count - passed - missed;
            var lead = lines[count][..(lines[count].IndexOf("checked against this run: **", StringComparison.Ordinal))]
                .Replace("7 (search) and 4 (pipeline),", "7 (search), 4 (pipeline) and 14 (records),", StringComparison.Ordinal);
            lines[count] = $"{lead}checked against this run: **{passed} PASS, {missed} MISS**{(open > 0 ? $", {open} not measured" : "")}.";
        }

        return string.Join('\n', lines);
    }

    private static string? Between(string report)
    {
        var begin = report.IndexOf(Begin, StringComparison.Ordinal);
        var end = report.IndexOf(End, StringComparison.Ordinal);
        return begin >= 0 && end > begin ? report[begin..(end + End.Length)] : null;
    }

    private static void WriteInsert(StringBuilder md, BenchResults results)
    {
        if (results.RecordsInsert is not { } r)
        {
            return;
        }

        var recordBytes = (r.Dimension * sizeof(float)) + BenchRecords.AttributeBytes;
        Line(md, $"**Durable bulk insert of records** ({r.Count:N0} records of {r.Dimension} floats and {BenchRecords.AttributeBytes} bytes of attributes, batches of {r.BatchSize:N0}, each batch durable before the next): VelesDb through the store contract (one write scope with `SyncEachBatch`, `Add(key, vector, attributes)` for each record and `Commit()` after each batch) and the raw log (the same vector and attribute bytes appended behind a 16-byte header, one write and one fdatasync per batch), interleaved batch by batch in alternating order so both see the same disk. The attributes are parsed into `RecordAttributes` before the clock starts, as the vectors are made before.");
        Line(md);
        Line(md, "| store | records/s | MB/s of vectors + attributes | median durable batch, µs |");
        Line(md, "|---|--:|--:|--:|");
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| VelesDb | {Metric.Number(r.VelesDbPerSecond)} | {r.VelesDbPerSecond * recordBytes / 1e6:0} | {r.VelesDbBatchP50Us:0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| raw log | {Metric.Number(r.RawLogPerSecond)} | {r.RawLogPerSecond * recordBytes / 1e6:0} | {r.RawLogBatchP50Us:0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| **VelesDb ÷ raw log** | **{r.Ratio:0.00}×** | | {r.BatchRatio:0.00}× (rate) |"));
        if (r.ProcessPerSecond is { } process && r.ProcessBatchP50Us is { } processBatch)
        {
            Line(md, string.Create(CultureInfo.InvariantCulture, $"| VelesDb into a store with `Durability.Process` (no syncs; alone, after the interleaved run): the engine's own work | {Metric.Number(process)} | {process * recordBytes / 1e6:0} | {processBatch:0} |"));
        }

        if (r.ProcessBareKeysPerSecond is { } bare)
        {
            Line(md, string.Create(CultureInfo.InvariantCulture, $"| the same without attributes (integer keys and vectors only, `Durability.Process`, through the same write scope) | {Metric.Number(bare)} | {bare * r.Dimension * sizeof(float) / 1e6:0} (vectors) | |"));
        }

        Line(md);
        Line(md, $"Verified: {r.Verified}.");
        Line(md);
    }

    private static void WriteSearch(StringBuilder md, BenchResults results)
    {
        if (results.FilteredSearch is not { } s)
        {
            return;
        }

        Line(md, string.Create(CultureInfo.InvariantCulture, $"**Filtered exact search** (`Search(new SearchRequest {{ Query, K = 10, Filter }})`, the default metric (Cosine), one thread) on the store the bulk insert left, opened by a fresh process ({s.OpenSeconds:0.00} s to open it with its {s.Count:N0} records' attributes{(s.FirstFilteredSeconds is { } once ? $"; the first filtered query after that, timed alone, took {once * 1e3:0} ms" : "")}): no filter and `.n < T` for each selectivity, all in turn in an order that rotates each round; median of {s.Runs} queries each."));
        Line(md);
        Line(md, "| filter | selectivity | records matching | median ms | ÷ unfiltered |");
        Line(md, "|---|--:|--:|--:|--:|");
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| (none) | 100 % | {s.Count:N0} | {s.UnfilteredSeconds * 1e3:0.0} | 1.00× |"));
        foreach (var p in s.Points)
        {
            Line(md, string.Create(CultureInfo.InvariantCulture, $"| `{p.Filter}` | {Percent(p.Selectivity)} | {p.Matching:N0} | {p.MedianSeconds * 1e3:0.0} | {p.MedianSeconds / s.UnfilteredSeconds:0.00}× |"));
        }

        Line(md);
        Line(md, $"Verified: {s.Verified}.");
        Line(md);
    }

    private static void WritePipeline(StringBuilder md, BenchResults results)
    {
        if (results.PipelineRecords is not { } p)
        {
            return;
        }

        Line(md, $"**Pipeline ingest of records**: {p.Count:N0} PSCustomObjects with `Id`, a `float[{p.Dimension}]` `Vector` and three attributes (`Name`, a string; `N`, a number; `Tags`, an array of two strings) piped, in a fresh pwsh {p.PowerShell}, into `Add-VelesVector -Store $s` (which keeps Name, N and Tags as each record's attributes; default full durability, a new store each time) and into `Add-NoOpRecord`, a binary cmdlet with Add-VelesVector's parameters and parameter sets (an `Id` of either key kind, `-Attributes`, `-ExcludeProperty`) that only counts what it receives. Median of {p.AddSeconds.Length}, in turn with the order rotating each round, after writeback settled, as for the 128-float row above.");
        Line(md);
        Line(md, "| pipeline | median s | objects/s |");
        Line(md, "|---|--:|--:|");
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| `$objects \\| Add-NoOpRecord` | {p.NoOpMedian:0.000} | {p.Count / p.NoOpMedian:N0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| `$objects \\| Add-VelesVector` | {p.AddMedian:0.000} | {p.Count / p.AddMedian:N0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| `$objects \\| Add-VelesVector` into a store opened with `-Durability Process` (no syncs) | {p.AddProcessMedian:0.000} | {p.Count / p.AddProcessMedian:N0} |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| **Add-VelesVector ÷ no-op** | **{p.Ratio:0.00}×** | |"));
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| Add-VelesVector (Process durability) ÷ no-op | {p.AddProcessMedian / p.NoOpMedian:0.00}× | |"));
        Line(md);
        Line(md, $"Verified: {p.Verified}.");
        Line(md);
    }

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:0.#} %");

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
