namespace VelesDb.Benchmarks.Report;

/// <summary>What one store did at one shape: a value per metric, what was verified, and notes.</summary>
internal sealed class StoreRun(string store, Shape shape)
{
    public string Store { get; } = store;

    public Shape Shape { get; } = shape;

    public Dictionary<string, double> Values { get; } = [];

    /// <summary>Set when the store could not run here (e.g. no liblmdb); the report says why.</summary>
    public string? Skipped { get; set; }

    /// <summary>The read-backs that passed, so the report can say nothing was timed doing nothing.</summary>
    public List<string> Verified { get; } = [];

    /// <summary>Where the time went (VelesDb's own metrics around a workload).</summary>
    public List<string> Breakdown { get; } = [];

    public double? this[Metric metric] => Values.TryGetValue(metric.Key, out var value) ? value : null;

    public void Set(Metric metric, double value) => Values[metric.Key] = value;
}
