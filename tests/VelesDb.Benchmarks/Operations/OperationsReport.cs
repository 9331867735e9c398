using System.Globalization;
using System.Text;
using VelesDb.Benchmarks.Report;

namespace VelesDb.Benchmarks.Operations;

/// <summary>
/// The report's section on checking and backing up a store (issue 16), kept between two markers
/// so that a run of these workloads alone replaces it and leaves the rest of the report as it was.
/// </summary>
internal static class OperationsReport
{
    private const string Begin = "<!-- operations:begin -->";
    private const string End = "<!-- operations:end -->";

    /// <summary>The fresh-process shape of these workloads: the full run's 1,000,000 × 128, the quick run's 50,000 × 128.</summary>
    public static Shape ShapeFor(BenchSettings settings) => settings.Quick ? new Shape(50_000, 128) : new Shape(1_000_000, 128);

    public static string Section(OperationsProbe.Result result, Shape shape, DateTimeOffset started, string command)
    {
        var megabytes = result.StoreBytes / 1e6;
        var checkRate = result.StoreBytes / result.CheckSeconds / 1e9;
        var sumRate = result.StoreBytes / result.SumSeconds / 1e9;
        var backupRate = result.BackupBytes / result.BackupSeconds / 1e6;
        var copyRate = result.StoreBytes / result.CopySeconds / 1e6;
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(CultureInfo.InvariantCulture, $"## Checking and backing up a store ({shape.Name}, {megabytes:N0} MB of files)");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Issue 16: `Check` (what Test-VelesStore runs) and `Backup` (what Backup-VelesStore runs) in a fresh process, each alternating with its baseline on the same bytes in the same process, medians of {5} rounds after one to warm up. Run {started:yyyy-MM-dd HH:mm} UTC, load average {BenchResults.LoadAverage()} at the end; re-run with `{command}`.");
        text.AppendLine();
        text.AppendLine("| target | measured | |");
        text.AppendLine("|---|---|---|");
        foreach (var target in Targets(result))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {target.Description} | {target.Measured} | **{target.Verdict}** |");
        }

        text.AppendLine();
        text.AppendLine("| workload | rate | baseline | ratio |");
        text.AppendLine("|---|--:|--:|--:|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| check, every slot, the index and the log (all cores) | {checkRate:0.00} GB/s | {sumRate:0.00} GB/s one-thread SIMD sum of the same bytes in memory | {checkRate / sumRate:0.00}× |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| the first check in the process (compiles the code, maps the pages) | {result.StoreBytes / result.FirstCheckSeconds / 1e9:0.00} GB/s | | {result.SumSeconds / result.FirstCheckSeconds:0.00}× |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| backup: copy, sync, open and verify the copy, rename | {backupRate:N0} MB/s | {copyRate:N0} MB/s plain copy + fdatasync of the same files | {backupRate / copyRate:0.00}× |");
        text.AppendLine(End);
        return text.ToString();
    }

    public static IReadOnlyList<Target> Targets(OperationsProbe.Result result)
    {
        var check = result.SumSeconds / result.CheckSeconds;
        var backup = (result.BackupBytes / result.BackupSeconds) / (result.StoreBytes / result.CopySeconds);
        return
        [
            new Target("#16", "Test-VelesStore ≥ 0.7× the memory-read bandwidth of the same bytes", string.Create(CultureInfo.InvariantCulture, $"{check:0.00}× ({result.StoreBytes / result.CheckSeconds / 1e9:0.00} vs {result.StoreBytes / result.SumSeconds / 1e9:0.00} GB/s; the first check in a process {result.SumSeconds / result.FirstCheckSeconds:0.00}×)"), check >= 0.7),
            new Target("#16", "Backup-VelesStore ≥ 0.5× a plain sequential copy + fdatasync of the same files", string.Create(CultureInfo.InvariantCulture, $"{backup:0.00}× ({result.BackupBytes / result.BackupSeconds / 1e6:N0} vs {result.StoreBytes / result.CopySeconds / 1e6:N0} MB/s)"), backup >= 0.5),
        ];
    }

    /// <summary>Replaces the section in <paramref name="existing"/>, or adds it (see <see cref="MarkedSection"/>).</summary>
    public static string Splice(string existing, string section) => MarkedSection.Splice(existing, section, Begin, End);
}
