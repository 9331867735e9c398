using System.Globalization;
using System.Text;
using VelesDb.Benchmarks.Report;

namespace VelesDb.Benchmarks.Interchange;

/// <summary>
/// The import and export section of docs/benchmarks.md (issue 16), between two markers: an
/// --interchange run replaces it, or adds it before the Reproduce part, and leaves the rest alone.
/// </summary>
internal static class InterchangeReport
{
    public const string Command = "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --interchange";
    private const string Begin = "<!-- interchange section: begin (rewritten by --interchange runs) -->";
    private const string End = "<!-- interchange section: end -->";

    public static string Section(InterchangeRun.Result result, bool quick, string machine)
    {
        var md = new StringBuilder();
        Line(md, Begin);
        Line(md, "## Export and import (issue 16)");
        Line(md);
        Line(md, $"- **Date**: {result.Started:yyyy-MM-dd HH:mm} UTC; the run took {result.Duration.TotalMinutes:0.0} min");
        Line(md, $"- **Command**: `{Command}{(quick ? " --quick" : "")}` (after `build.ps1 -Task Build`, which lays out the module the cmdlets run from)");
        Line(md, $"- **Machine**: {machine}");
        Line(md, $"- **Load**: load average (1 / 5 / 15 min) {result.Load}");
        Line(md, $"- **Data**: {result.Shape.Name} float32 vectors ({result.Shape.PayloadBytes / 1e6:0} MB), keys 0..N-1; each figure is the median of {result.Repetitions} runs, each cmdlet run interleaved with a baseline run. The cmdlets run in a child pwsh (the time is of the cmdlet alone, after a warm-up run), the baselines in the benchmark's process.");
        Line(md);
        Line(md, "| issue | target | measured | |");
        Line(md, "|---|---|---|---|");
        foreach (var row in result.Rows)
        {
            var verdict = row.Ratio >= row.Target ? "PASS" : "MISS";
            Line(md, string.Create(CultureInfo.InvariantCulture,
                $"| #16 | {row.Name} ≥ {row.Target:0.0}× the {row.Baseline} | {row.Ratio:0.00}× ({row.Median:0.000} vs {row.BaselineMedian:0.000} s; {row.Bytes / row.Median / 1e6:0} vs {row.Bytes / row.BaselineMedian / 1e6:0} MB/s) | **{verdict}** |"));
        }

        Line(md);
        Line(md, "Every run, in seconds (cmdlet / baseline):");
        Line(md);
        foreach (var row in result.Rows)
        {
            Line(md, $"- {row.Name}: {string.Join(", ", row.Seconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))} / {string.Join(", ", row.BaselineSeconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))}");
        }

        Line(md);
        Line(md, End);
        return md.ToString();
    }

    /// <summary><paramref name="existing"/> with its interchange section replaced by <paramref name="section"/>, or the section added.</summary>
    public static string Splice(string existing, string section) =>
        existing.Length == 0 ? "# VelesDb benchmarks\n\n" + section : MarkedSection.Splice(existing, section, Begin, End);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
