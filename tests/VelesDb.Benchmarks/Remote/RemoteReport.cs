using System.Globalization;
using System.Text;
using VelesDb.Benchmarks.Report;

namespace VelesDb.Benchmarks.Remote;

/// <summary>
/// The server-store section of the report (issue 15), between two markers, so a --remote run
/// replaces it in a report a full run wrote and keeps the rest.
/// </summary>
internal static class RemoteReport
{
    public const string Command = "dotnet run -c Release --project tests/VelesDb.Benchmarks -- --remote";
    private const string Begin = "<!-- server stores section: begin (rewritten by --remote runs) -->";
    private const string End = "<!-- server stores section: end -->";

    public static string Section(RemoteResults r, MachineInfo machine)
    {
        var md = new StringBuilder();
        Line(md, Begin);
        Line(md, "## Server stores: ingest and search on Garnet (issue 15)");
        Line(md);
        Line(md, $"- **Date**: {r.Started:yyyy-MM-dd HH:mm} UTC; the run took {r.Duration.TotalMinutes:0.0} min");
        Line(md, $"- **Command**: `{Command}{(r.Quick ? " --quick" : "")}` (after `dotnet pwsh ./build.ps1 -Task Build`); it starts its own Garnet servers from the tool manifest (`dotnet garnet-server`, {r.GarnetVersion}) on loopback and stops them by process id");
        Line(md, $"- **Machine**: {machine.Cpu}, {machine.Cores} cores, {machine.Memory} memory; {machine.OperatingSystem} ({machine.Kernel}); {machine.Runtime}; load average (1 / 5 / 15 min) {r.LoadAtStart} at the start, {r.LoadAtEnd} at the end. Client and servers share the machine");
        Line(md, $"- **Data**: {r.Shape.Name} float32 vectors of the benchmark's data set (fixed seed), integer keys; {r.Queries} queries that are the data set's extra vectors (not stored); k = {RemoteBenchmark.K}, cosine");
        Line(md);
        if (r.Ingest is { } ingest)
        {
            Line(md, "| issue | target | measured | |");
            Line(md, "|---|---|---|---|");
            Line(md, string.Create(CultureInfo.InvariantCulture,
                $"| #15 | ingest through `Add-VelesVector` into a Garnet store ≥ 0.8× a raw StackExchange.Redis client pipelining the same VADDs to the same server | {ingest.Ratio:0.00}× ({ingest.Count / ingest.AddMedian:N0} vs {ingest.Count / ingest.RawMedian:N0} vectors/s) | **{(ingest.Ratio >= 0.8 ? "PASS" : "MISS")}** |"));
            Line(md);
            Line(md, string.Create(CultureInfo.InvariantCulture,
                $"**Ingest** of {ingest.Count:N0} vectors into a new store (medians; Garnet warmed up by two raw runs first, then one raw run and one `Add-VelesVector` run in turn, each `Add-VelesVector` run in its own pwsh after a warm-up run of its own). The raw client sends exactly the VADDs the store sends (`VADD key FP32 <blob> <name> NOQUANT XDISTANCE_METRIC COSINE SETATTR {{}}`), blobs made before the clock starts, in pipelined batches of {ingest.RawBatch:N0} (the store's batch for this dimension), each batch's replies awaited before the next. `Add-VelesVector` runs in a fresh pwsh {ingest.PowerShell} on PSCustomObjects (Id, Vector) made before the clock; besides the VADDs its write scope adds each key to the store's member set (an SADD per record, in the same pipeline)."));
            Line(md);
            Line(md, "| ingest | median s | vectors/s | runs, s |");
            Line(md, "|---|--:|--:|---|");
            Row(md, "raw StackExchange.Redis, pipelined VADDs (Garnet)", ingest.RawSeconds, ingest.Count);
            Row(md, "`$objects | Add-VelesVector -Store $remote` (Garnet)", ingest.AddSeconds, ingest.Count);
            Row(md, "`$objects | Add-VelesVector -Store $local` (embedded, default full durability)", ingest.EmbeddedSeconds, ingest.Count);
            Line(md, string.Create(CultureInfo.InvariantCulture, $"| **Add-VelesVector (Garnet) ÷ raw client, by rate** | **{ingest.Ratio:0.00}×** | | |"));
            Line(md);
        }

        if (r.Embedded is not null || r.Single is not null || r.Cluster is not null)
        {
            Line(md, $"**Search**: one thread, each query timed alone after 5 warm-up queries per row; recall@{RemoteBenchmark.K} is the share of the embedded store's exact top {RemoteBenchmark.K} that the server's answer holds, averaged over the queries. Effort is `Find-VelesVector -Effort` (VSIM `EF`); \"default\" sends none. The server stores were loaded through the store contract{LoadText(r)}. On the cluster the store spreads over 3 vector-set keys, one per node, each searched in parallel and the top {RemoteBenchmark.K} merged.");
            Line(md);
            Line(md, "| store | effort | p50 ms | p99 ms | recall@10 |");
            Line(md, "|---|---|--:|--:|--:|");
            if (r.Embedded is { } e)
            {
                Line(md, string.Create(CultureInfo.InvariantCulture, $"| {e.Store} | exact | {e.P50Ms:0.00} | {e.P99Ms:0.00} | {e.Recall:0.000} |"));
            }

            foreach (var row in (r.Single?.Rows ?? []).Concat(r.Cluster?.Rows ?? []))
            {
                Line(md, string.Create(CultureInfo.InvariantCulture, $"| {row.Store} | {row.EffortText} | {row.P50Ms:0.00} | {row.P99Ms:0.00} | {row.Recall:0.000} |"));
            }

            Line(md);
        }

        foreach (var problem in r.Problems)
        {
            Line(md, $"- Not measured: {problem}");
        }

        if (r.Problems.Count > 0)
        {
            Line(md);
        }

        Line(md, End);
        return md.ToString();
    }

    /// <summary><paramref name="existing"/> with its server-store section replaced by <paramref name="section"/>; without one, the section goes before its Reproduce part, or at the end.</summary>
    public static string Splice(string? existing, string section) =>
        existing is null ? "# VelesDb benchmarks\n\n" + section : MarkedSection.Splice(existing, section, Begin, End);

    private static string LoadText(RemoteResults r)
    {
        var parts = new List<string>();
        if (r.Single is { } single)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"one node {r.Shape.Count / single.LoadSeconds:N0} vectors/s"));
        }

        if (r.Cluster is { } cluster)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cluster {r.Shape.Count / cluster.LoadSeconds:N0} vectors/s"));
        }

        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }

    private static void Row(StringBuilder md, string name, double[] seconds, int count)
    {
        var median = Measure.Median(seconds);
        Line(md, string.Create(CultureInfo.InvariantCulture, $"| {name.Replace("|", "\\|", StringComparison.Ordinal)} | {median:0.000} | {count / median:N0} | {string.Join(", ", seconds.Select(s => s.ToString("0.000", CultureInfo.InvariantCulture)))} |"));
    }

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
