using System.Globalization;
using VelesDb.Benchmarks.Report;

namespace VelesDb.Benchmarks.Records;

/// <summary>
/// The records workloads of issue 14 that run in the benchmark's own process and its probes: the
/// durable bulk insert of records against the raw log, then, on the store it leaves, filtered
/// search against the unfiltered scan. (Pipeline ingest of records runs with the other pipeline rows.)
/// </summary>
internal static class RecordsRun
{
    public static void Run(BenchSettings settings, string workRoot, BenchResults results, Action<string> say)
    {
        var shape = settings.RecordsShape;
        say($"records {shape.Name}: generating vectors and {BenchRecords.AttributeBytes}-byte attributes ...");
        var data = new DataSet(shape);
        var attributes = BenchRecords.Attributes(shape.Count);
        var directory = Path.Combine(workRoot, "records-velesdb");
        try
        {
            results.RecordsInsert = RecordsBulkInsert.Run(data, attributes, settings.BatchSize, directory, workRoot);
            var insert = results.RecordsInsert;
            say(string.Create(CultureInfo.InvariantCulture,
                $"  durable bulk insert of records, interleaved: VelesDb {Metric.Number(insert.VelesDbPerSecond)}/s, raw log {Metric.Number(insert.RawLogPerSecond)}/s: {insert.Ratio:0.00}× (batch p50 {insert.VelesDbBatchP50Us:0} vs {insert.RawLogBatchP50Us:0} µs); without syncs (Durability.Process) {Metric.Number(insert.ProcessPerSecond ?? 0)}/s, and without attributes {Metric.Number(insert.ProcessBareKeysPerSecond ?? 0)}/s"));
        }
        catch (Exception e) when (e is BenchmarkFailedException or Engine.VelesDbException or IOException)
        {
            results.RecordsProblems.Add($"durable bulk insert of records failed: {e.Message}");
            say($"  records bulk insert: FAILED: {e.Message}");
            DeleteIfThere(directory);
            return;
        }

        try
        {
            say("  filtered search (one thread, k = 10) against the unfiltered scan, in a fresh process ...");
            results.FilteredSearch = FilteredSearchProbe.Run(directory, settings.FilteredSearchSeconds);
            var search = results.FilteredSearch;
            var curve = string.Join(", ", search.Points.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Selectivity:0.0%} {p.MedianSeconds * 1e3:0.0} ms ({p.MedianSeconds / search.UnfilteredSeconds:0.00}×)")));
            say(string.Create(CultureInfo.InvariantCulture, $"  unfiltered {search.UnfilteredSeconds * 1e3:0.0} ms; {curve}"));
        }
        catch (BenchmarkFailedException e)
        {
            results.RecordsProblems.Add($"filtered search failed: {e.Message.Split('\n')[0]}");
            say($"  filtered search: FAILED: {e.Message}");
        }
        finally
        {
            DeleteIfThere(directory);
        }
    }

    private static void DeleteIfThere(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
