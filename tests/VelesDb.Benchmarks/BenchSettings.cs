namespace VelesDb.Benchmarks;

/// <summary>How big and how long: the full run by default, small sizes with --quick.</summary>
internal sealed record BenchSettings
{
    public required bool Quick { get; init; }

    public required IReadOnlyList<Shape> Shapes { get; init; }

    public int BatchSize { get; init; } = 1000;

    public int SingleInserts { get; init; } = DataSet.ExtraCount;

    /// <summary>Repetitions of each short workload (reads, reopen); the report gives their median.</summary>
    public int Repetitions { get; init; } = 5;

    /// <summary>Each read repetition runs at least this long.</summary>
    public double ReadSeconds { get; init; } = 0.25;

    /// <summary>Vectors read back bit for bit after each step.</summary>
    public int VerifySample { get; init; } = 1000;

    public int PipelineCount { get; init; } = 100_000;

    public int PipelineDimension { get; init; } = 128;

    public int PipelineRepetitions { get; init; } = 9;

    /// <summary>The store of the records workloads (issue 14): bulk insert with attributes, then filtered search.</summary>
    public Shape RecordsShape { get; init; } = new(1_000_000, 128);

    /// <summary>The filtered-search curve runs at least this long (every variant at least 7 times).</summary>
    public double FilteredSearchSeconds { get; init; } = 3.0;

    /// <summary>Bytes per repetition of the sequential write + fdatasync baseline.</summary>
    public long SequentialWriteBytes { get; init; } = 512L << 20;

    public static BenchSettings Full { get; } = new()
    {
        Quick = false,
        Shapes = [new Shape(100_000, 768), new Shape(1_000_000, 128)],
    };

    public static BenchSettings QuickRun { get; } = new()
    {
        Quick = true,
        Shapes = [new Shape(10_000, 768), new Shape(50_000, 128)],
        Repetitions = 3,
        ReadSeconds = 0.1,
        VerifySample = 200,
        PipelineCount = 10_000,
        PipelineRepetitions = 2,
        SequentialWriteBytes = 64L << 20,
        RecordsShape = new Shape(50_000, 128),
        FilteredSearchSeconds = 0.3,
    };
}
