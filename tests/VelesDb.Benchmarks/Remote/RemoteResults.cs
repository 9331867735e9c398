namespace VelesDb.Benchmarks.Remote;

/// <summary>What a --remote run measured.</summary>
internal sealed class RemoteResults
{
    /// <summary>The efforts searched at: the server's default (null), then VSIM EF 200 and 500.</summary>
    public static readonly int?[] Efforts = [null, 200, 500];

    public bool Quick { get; init; }

    public required Shape Shape { get; init; }

    public int Queries { get; init; }

    public int Repetitions { get; init; }

    public DateTimeOffset Started { get; init; }

    public TimeSpan Duration { get; set; }

    public string LoadAtStart { get; init; } = "";

    public string LoadAtEnd { get; set; } = "";

    public string GarnetVersion { get; set; } = "";

    public IngestRow? Ingest { get; set; }

    public SearchRow? Embedded { get; set; }

    public SearchSet? Single { get; set; }

    public SearchSet? Cluster { get; set; }

    public List<string> Problems { get; } = [];
}

/// <summary>Seconds of each ingest run: the raw client, Add-VelesVector into Garnet, Add-VelesVector into an embedded store.</summary>
internal sealed record IngestRow(int Count, double[] RawSeconds, double[] AddSeconds, double[] EmbeddedSeconds, int RawBatch, string PowerShell)
{
    public double RawMedian => Measure.Median(RawSeconds);

    public double AddMedian => Measure.Median(AddSeconds);

    public double EmbeddedMedian => Measure.Median(EmbeddedSeconds);

    /// <summary>Add-VelesVector's rate as a share of the raw client's.</summary>
    public double Ratio => RawMedian / AddMedian;
}

/// <summary>One store at one effort: each query's latency, and the mean recall@k against the exact answer.</summary>
internal sealed record SearchRow(string Store, int? Effort, double[] Seconds, double Recall)
{
    public string EffortText => Effort is { } ef ? $"EF {ef}" : "default";

    public double P50Ms => Measure.Percentile(Seconds, 0.50) * 1e3;

    public double P99Ms => Measure.Percentile(Seconds, 0.99) * 1e3;
}

/// <summary>The rows of one server layout, and how long loading its store took.</summary>
internal sealed record SearchSet(IReadOnlyList<SearchRow> Rows, double LoadSeconds);
