using System.Globalization;
using System.Text;
using VelesDb.Benchmarks.Quantized;

namespace VelesDb.Benchmarks.Report;

/// <summary>
/// The quantized-search part of the report (issue 17, part 1), between two markers: a --quantized
/// run replaces this section of the report and keeps everything else as its own runs wrote it.
/// </summary>
internal static class QuantizedReport
{
    public const string Command = "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --quantized";
    private const string Begin = "<!-- quantized section: begin (rewritten by --quantized runs) -->";
    private const string End = "<!-- quantized section: end -->";

    public static string Section(QuantizedBench.Results results, MachineInfo machine)
    {
        var md = new StringBuilder();
        Line(md, Begin);
        Line(md, "## Quantized exact search (issue 17, part 1)");
        Line(md);
        if (results.Quick)
        {
            Line(md, "> **Quick run** (`--quick`, small sizes): for development only; the numbers below are not the benchmark.");
            Line(md);
        }

        Line(md, $"- **Date**: {results.Started:yyyy-MM-dd HH:mm} UTC; the run took {results.Duration.TotalMinutes:0.0} min");
        Line(md, $"- **Command**: `{Command}{(results.Quick ? " --quick" : "")}` (this section alone)");
        Line(md, $"- **Machine**: {machine.Cpu}, {machine.Cores} cores, {machine.Memory} memory; {machine.OperatingSystem} ({machine.Kernel}); {machine.Runtime}");
        Line(md, $"- **Load**: load average (1 / 5 / 15 min) {results.LoadAtStart} at the start, {results.LoadAtEnd} at the end");
        Line(md, "- **Data**: random = components uniform in [-1, 1), queries likewise; clustered = 1,000 centres with N(0, 1) components, each vector a centre plus N(0, 0.25²) per component, each query a stored vector plus N(0, 0.1²) per component. Fixed seeds.");
        Line(md, $"- **Method**: one store with `-Quantization Int8`; each query searched with `Exact = true` (the f32 scan) and without (the int8 copy first, then its candidates re-ranked from f32), k = 10, one thread per query; {QuantizedBench.Rounds} alternating rounds over the same queries, median round. Recall@10: the f32 scan's ten keys the quantized answer also holds, over every query of the first round.");
        Line(md);
        Line(md, "| issue | target | measured | |");
        Line(md, "|---|---|---|---|");
        foreach (var shape in results.Cases.Select(c => c.Shape).Distinct())
        {
            var cases = results.Cases.Where(c => c.Shape == shape).ToList();
            var worst = cases.MinBy(c => c.Speedup)!;
            var recall = cases.Min(c => c.Recall);
            Line(md, string.Create(CultureInfo.InvariantCulture,
                $"| #17 | quantized search ≥ 2.5× the f32 scan's queries/s at {shape}, recall@10 ≥ 0.999 on random and clustered data | slowest case {worst.Speedup:0.00}× ({worst.Data}, {worst.Metric}); lowest recall@10 {recall:0.0000} | **{(worst.Speedup >= 2.5 && recall >= 0.999 ? "met" : "not met")}** |"));
        }

        Line(md);
        Line(md, "| shape | data | metric | f32 scan q/s | quantized q/s | speed-up | recall@10 | candidates scored from f32 per query |");
        Line(md, "|---|---|---|---:|---:|---:|---:|---:|");
        foreach (var c in results.Cases)
        {
            Line(md, string.Create(CultureInfo.InvariantCulture,
                $"| {c.Shape} | {c.Data} | {c.Metric} | {c.ExactPerSecond:0.0} | {c.QuantizedPerSecond:0.0} | {c.Speedup:0.00}× | {c.Recall:0.0000} | {c.CandidatesPerQuery:N0} |"));
        }

        Line(md);
        Line(md, "| shape | data | building the copy | its file | bulk insert, no quantization | bulk insert, Int8 | catching up after writes |");
        Line(md, "|---|---|---:|---:|---:|---:|---:|");
        foreach (var s in results.Shapes)
        {
            Line(md, string.Create(CultureInfo.InvariantCulture,
                $"| {s.Shape} | {s.Data} | {s.BuildSeconds:0.00} s | {s.FileBytes / 1e6:0.0} MB | {Metric.Number(s.InsertNonePerSecond)}/s | {Metric.Number(s.InsertInt8PerSecond)}/s | {s.CatchUpMs:0.0} ms for {s.CatchUpVectors:N0} new vectors |"));
        }

        Line(md);
        Line(md, "Writes never touch the int8 copy (an Int8 store's write path is the same as any store's, so bulk inserts run at the same rate within noise); the first search after writes quantizes the vectors written since and appends them to the copy's file. The quantized answer is the f32 scan's answer: a record is left out only when its error bound proves it cannot be among the k nearest (about_VelesDb, \"Quantized search\").");
        Line(md, End);
        return md.ToString();
    }

    /// <summary>The report with its quantized section replaced (or added before "## Reproduce", or at the end).</summary>
    public static string Splice(string existing, string section) => MarkedSection.Splice(existing, section, Begin, End);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
