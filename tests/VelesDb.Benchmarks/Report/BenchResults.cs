using VelesDb.Benchmarks.Baselines;
using VelesDb.Benchmarks.Pipeline;
using VelesDb.Benchmarks.Probes;

namespace VelesDb.Benchmarks.Report;

/// <summary>Everything one run measured, for the report and the target checks.</summary>
internal sealed class BenchResults(BenchSettings settings)
{
    public BenchSettings Settings { get; } = settings;

    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;

    public TimeSpan Duration { get; set; }

    /// <summary>/proc/loadavg when the run started and when it ended: how busy the machine was with other work.</summary>
    public string LoadAtStart { get; } = LoadAverage();

    public string LoadAtEnd { get; set; } = "";

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    public HardwareBaselines? Baselines { get; set; }

    public List<StoreRun> Runs { get; } = [];

    /// <summary>Per shape: the search probe (one thread and all threads, alternating).</summary>
    public Dictionary<Shape, SearchProbe.Result> Search { get; } = [];

    /// <summary>Per store and shape: the out-of-process memory probe after the bulk insert.</summary>
    public Dictionary<(string Store, Shape Shape), MemoryProbe.Result> Memory { get; } = [];

    /// <summary>Per store and shape: random reads in a fresh process that opened the closed store, with that process's memory floor.</summary>
    public Dictionary<(string Store, Shape Shape), ReadProbe.Result> Reads { get; } = [];

    /// <summary>Per shape: random first-and-last-component reads in a managed array of the data set (reads/s, no index).</summary>
    public Dictionary<Shape, double> RandomTouch { get; } = [];

    public Dictionary<Shape, double> RandomCopy { get; } = [];

    /// <summary>Per shape: the step-by-step cost of a random zero-copy read, for the breakdown.</summary>
    public Dictionary<Shape, string> ReadAnatomy { get; } = [];

    /// <summary>Per shape: what one durable batch costs the disk alone, each way of writing it, for the breakdown.</summary>
    public Dictionary<Shape, string> BatchSyncAnatomy { get; } = [];

    /// <summary>Per shape: the durable writes of VelesDb and its target peers, run interleaved.</summary>
    public Dictionary<Shape, IReadOnlyList<Workloads.InterleavedRun.StoreResult>> Interleaved { get; } = [];

    public Workloads.InterleavedRun.StoreResult? InterleavedResult(string store, Shape shape) =>
        Interleaved.TryGetValue(shape, out var results) ? results.FirstOrDefault(result => result.Store == store) : null;

    public PipelineIngest.Result? Pipeline { get; set; }

    public string? PipelineSkipped { get; set; }

    /// <summary>True for a --records run: only the records workloads ran.</summary>
    public bool RecordsOnly { get; init; }

    public Records.RecordsBulkInsert.Result? RecordsInsert { get; set; }

    public Records.FilteredSearchProbe.Result? FilteredSearch { get; set; }

    /// <summary>Pipeline ingest of objects that carry three attributes besides Id and Vector.</summary>
    public PipelineIngest.Result? PipelineRecords { get; set; }

    /// <summary>Why a records workload did not run or failed, if one did not.</summary>
    public List<string> RecordsProblems { get; } = [];

    public Dictionary<string, string> StoreDescriptions { get; } = [];

    public List<string> Notes { get; } = [];

    public IEnumerable<StoreRun> RunsAt(Shape shape) => Runs.Where(run => run.Shape == shape);

    public StoreRun? Run(string store, Shape shape) => Runs.FirstOrDefault(run => run.Store == store && run.Shape == shape);
}
