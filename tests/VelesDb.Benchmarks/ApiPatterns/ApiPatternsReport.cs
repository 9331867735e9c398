using System.Globalization;
using System.Text;
using VelesDb.Benchmarks.Report;

namespace VelesDb.Benchmarks.ApiPatterns;

/// <summary>
/// The report's section on the engine API's access patterns (issue 17, part 3), kept between two
/// markers so a run of these patterns alone replaces it and leaves the rest of the report as its
/// own run wrote it.
/// </summary>
internal static class ApiPatternsReport
{
    private const string Begin = "<!-- api-patterns:begin -->";
    private const string End = "<!-- api-patterns:end -->";

    public static string Section(IReadOnlyList<ApiPatternProbe.Result> results, Shape shape, DateTimeOffset started, string command)
    {
        var veles = MediansOf(results, "VelesDb");
        var raw = MediansOf(results, "raw log");
        var lmdb = MediansOf(results, "LMDB");
        var text = new StringBuilder();
        text.AppendLine(Begin);
        text.AppendLine(CultureInfo.InvariantCulture, $"## Engine API access patterns ({shape.Name})");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Issue 17, part 3: the public C# API driven as a C# program would, each store in a fresh process of its own, {results.Count(result => result.Store == "VelesDb")} repetitions in rotating order, medians. Run {started:yyyy-MM-dd HH:mm} UTC, load average {BenchResults.LoadAverage()} at the end; re-run with `{command}`.");
        text.AppendLine();
        text.AppendLine("- write + flush: VelesDb `Store` in `Durability.Process`, then `Flush()`; the raw log appends one record and fdatasyncs it.");
        text.AppendLine("- single deletes: 10 % of the ids at random, VelesDb `Delete` one at a time in Process durability then one `Flush()`; the raw log writes each tombstone to the file (which, like Process durability, survives the process) then fdatasyncs once. LMDB, whose commits sync, deletes its 10 % in one transaction and is left out of this row.");
        text.AppendLine("- reopen: `Dispose`, then `Open` until the first `TryRetrieve` returns, after those deletes; the first reopen in the process (what a program sees) and the median of five more.");
        text.AppendLine("- copy reads: `TryRetrieve` of random live ids into the caller's buffer, one thread, after a warm-up of the same length.");
        text.AppendLine();
        text.AppendLine("| target | measured | |");
        text.AppendLine("|---|---|---|");
        foreach (var target in Targets(veles, raw, lmdb))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {target.Description} | {target.Measured} | **{target.Verdict}** |");
        }

        text.AppendLine();
        text.AppendLine("| pattern | unit | VelesDb | raw log | LMDB |");
        text.AppendLine("|---|---|--:|--:|--:|");
        Row(text, "one-vector write + flush, p50", "µs", veles, raw, lmdb, r => r.WriteFlushP50);
        Row(text, "one-vector write + flush, p99", "µs", veles, raw, lmdb, r => r.WriteFlushP99);
        Row(text, "single deletes + one flush", "ids/s", veles, raw, lmdb, r => r.SingleDeletes);
        Row(text, "first reopen in the process, to the first read", "ms", veles, raw, lmdb, r => r.FirstReopen);
        Row(text, "reopen to the first read, median of five more", "ms", veles, raw, lmdb, r => r.Reopen);
        Row(text, "random reads copied into the caller's buffer", "ops/s", veles, raw, lmdb, r => r.CopyReads);
        text.AppendLine(End);
        return text.ToString();
    }

    public static IReadOnlyList<Target> Targets(StoreMedians veles, StoreMedians raw, StoreMedians lmdb) =>
    [
        Ratio("one-vector write + flush p50 ≤ 1.3× the raw log's", veles.WriteFlushP50, raw.WriteFlushP50, "µs", ratio => ratio <= 1.3),
        Ratio("single deletes + flush ≥ 0.5× the raw log's", veles.SingleDeletes, raw.SingleDeletes, "ids/s", ratio => ratio >= 0.5),
        new Target("#17", "reopen ≤ 5 ms after a clean close (the first reopen in the process)",
            veles.FirstReopen is { } first ? string.Create(CultureInfo.InvariantCulture, $"{first:0.00} ms (then {veles.Reopen:0.00} ms)") : "not measured",
            veles.FirstReopen is { } value ? value <= 5 : null),
        Ratio("copying random reads ≥ 1.5× LMDB", veles.CopyReads, lmdb.CopyReads, "ops/s", ratio => ratio >= 1.5),
    ];

    /// <summary>Replaces the section in <paramref name="existing"/>, or adds it (see <see cref="MarkedSection"/>).</summary>
    public static string Splice(string existing, string section) => MarkedSection.Splice(existing, section, Begin, End);

    public sealed record StoreMedians(double? WriteFlushP50, double? WriteFlushP99, double? SingleDeletes, double? FirstReopen, double? Reopen, double? CopyReads);

    public static StoreMedians MediansOf(IReadOnlyList<ApiPatternProbe.Result> results, string store)
    {
        var mine = results.Where(result => result.Store == store).ToList();
        double? Median(Func<ApiPatternProbe.Result, double?> pick) =>
            mine.Select(pick).OfType<double>().ToList() is { Count: > 0 } values ? Measure.Median(values) : null;
        return new StoreMedians(Median(r => r.WriteFlushP50Us), Median(r => r.WriteFlushP99Us), Median(r => r.SingleDeletesPerSecond), Median(r => r.FirstReopenMs), Median(r => r.ReopenMs), Median(r => r.CopyReadsPerSecond));
    }

    private static Target Ratio(string description, double? mine, double? theirs, string unit, Func<double, bool> passes)
    {
        if (mine is not { } a || theirs is not { } b || b == 0)
        {
            return new Target("#17", description, "not measured", null);
        }

        var ratio = a / b;
        return new Target("#17", description, string.Create(CultureInfo.InvariantCulture, $"{ratio:0.00}× ({Metric.Number(a)} vs {Metric.Number(b)} {unit})"), passes(ratio));
    }

    private static void Row(StringBuilder text, string pattern, string unit, StoreMedians veles, StoreMedians raw, StoreMedians lmdb, Func<StoreMedians, double?> pick) =>
        text.AppendLine(CultureInfo.InvariantCulture, $"| {pattern} | {unit} | {Cell(pick(veles))} | {Cell(pick(raw))} | {Cell(pick(lmdb))} |");

    private static string Cell(double? value) => value is { } v ? Metric.Number(v) : "n/a";
}
