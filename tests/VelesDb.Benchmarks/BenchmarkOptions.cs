namespace VelesDb.Benchmarks;

/// <summary>The runner's command line.</summary>
internal sealed record BenchmarkOptions
{
    public const string Usage = """
        usage: VelesDb.Benchmarks [--quick] [--output FILE] [--stores NAME,NAME] [--module out/VelesDb] [--pwsh EXE [--pwsh ARG]...] [--no-pipeline] [--records] [--api] [--remote] [--quantized] [--operations] [--interchange]
          --quick        small sizes, for development (the report says so); the full run is the default
          --output FILE  where the markdown goes (default: docs/benchmarks.md, or out/benchmarks-quick.md with --quick)
          --stores       a subset of: VelesDb, seed design, raw log, LMDB, SQLite (VelesDb always runs)
          --module       the built module folder for pipeline ingest (default: out/VelesDb; build.ps1 -Task Build makes it)
          --pwsh         how to start pwsh, one token per --pwsh (default: dotnet pwsh, the repository's local tool)
          --no-pipeline  skip the PowerShell pipeline-ingest workloads
          --records      only the records workloads (issue 14): durable bulk insert with attributes against the raw log,
                         filtered search against the unfiltered scan, pipeline ingest of objects with attributes; their
                         section of the output (default docs/benchmarks.md, or out/benchmarks-records-quick.md with
                         --quick) is replaced and the rest kept; the full run includes them
          --interchange  only the import and export rows (issue 16): Import-VelesVector from .fvecs and .npy against the
                         durable bulk insert through the engine, Export-VelesVector against a sequential write with
                         fdatasync; their section of the output (default docs/benchmarks.md, or
                         out/benchmarks-interchange-quick.md with --quick) is replaced and the rest kept
          --api          only the engine API's access patterns (issue 17): write + flush, single deletes, reopen,
                         copying reads, against the raw log and LMDB, each store in a fresh process; only their
                         section of the output (default docs/benchmarks.md, or out/benchmarks-api-quick.md with
                         --quick) is replaced; the full run includes them
          --remote       only the server-store rows (issue 15), on Garnet servers it starts itself: ingest through
                         Add-VelesVector against a raw StackExchange.Redis client, search latency and recall@10 on one
                         node and a 3-node cluster beside the embedded store; their section of the output (default
                         docs/benchmarks.md, or out/benchmarks-remote-quick.md with --quick) is replaced and the rest kept
          --quantized    only quantized exact search against the f32 scan (issue 17) at 1,000,000 × 128 and 100,000 × 768;
                         its section of the output (default docs/benchmarks.md, or out/benchmarks-quantized-quick.md
                         with --quick) is replaced and the rest kept; the full run includes it
          --operations   only checking and backing up a store (issue 16) in a fresh process, against a SIMD sum and a
                         plain copy + fdatasync of the same bytes; only their section of the output is replaced
                         (default docs/benchmarks.md, or out/benchmarks-operations-quick.md with --quick); the full
                         run includes them
        """;

    public bool Quick { get; init; }

    public string? Output { get; init; }

    public IReadOnlyList<string>? Stores { get; init; }

    public string? Module { get; init; }

    public IReadOnlyList<string> Pwsh { get; init; } = [];

    public bool NoPipeline { get; init; }

    public bool RecordsOnly { get; init; }

    public bool ApiOnly { get; init; }

    public bool RemoteOnly { get; init; }

    public bool QuantizedOnly { get; init; }

    public bool OperationsOnly { get; init; }

    public bool InterchangeOnly { get; init; }

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchmarkOptions();
        var pwsh = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--quick" => options with { Quick = true },
                "--output" => options with { Output = Value() },
                "--stores" => options with { Stores = Value().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) },
                "--module" => options with { Module = Value() },
                "--no-pipeline" => options with { NoPipeline = true },
                "--records" => options with { RecordsOnly = true },
                "--interchange" => options with { InterchangeOnly = true },
                "--api" => options with { ApiOnly = true },
                "--remote" => options with { RemoteOnly = true },
                "--quantized" => options with { QuantizedOnly = true },
                "--operations" => options with { OperationsOnly = true },
                "--pwsh" => Add(options, pwsh, Value()),
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        return options with { Pwsh = pwsh };
    }

    private static BenchmarkOptions Add(BenchmarkOptions options, List<string> tokens, string token)
    {
        tokens.Add(token);
        return options;
    }
}
