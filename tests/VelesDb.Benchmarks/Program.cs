using System.Globalization;
using VelesDb.Benchmarks;
using VelesDb.Benchmarks.Probes;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

try
{
    return args.FirstOrDefault() switch
    {
        "--probe-memory" => MemoryProbe.Execute(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture)),
        "--probe-reads" => ReadProbe.Execute(args[1], args[2], new Shape(int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture)), int.Parse(args[5], CultureInfo.InvariantCulture), double.Parse(args[6], CultureInfo.InvariantCulture)),
        "--probe-filtered-search" => VelesDb.Benchmarks.Records.FilteredSearchProbe.Execute(args[1], double.Parse(args[2], CultureInfo.InvariantCulture)),
        "--probe-operations" => VelesDb.Benchmarks.Operations.OperationsProbe.Execute(args[1], new Shape(int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture))),
        "--probe-api" => VelesDb.Benchmarks.ApiPatterns.ApiPatternProbe.Execute(args[1], args[2], new Shape(int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture)), double.Parse(args[5], CultureInfo.InvariantCulture)),
        "--probe-search" => SearchProbe.Execute(args[1], args[2] == "verify", double.Parse(args[3], CultureInfo.InvariantCulture)),
        _ when args.Contains("--interchange") => VelesDb.Benchmarks.Interchange.InterchangeRun.Run(BenchmarkOptions.Parse(args)),
        _ when BenchmarkOptions.Parse(args) is { RemoteOnly: true } remote => VelesDb.Benchmarks.Remote.RemoteBenchmark.Run(remote),
        _ => BenchmarkRunner.Run(BenchmarkOptions.Parse(args)),
    };
}
catch (BenchmarkFailedException e)
{
    Console.Error.WriteLine($"benchmark failed: {e.Message}");
    return 2;
}
catch (ArgumentException e) when (args.FirstOrDefault()?.StartsWith("--probe", StringComparison.Ordinal) != true)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(BenchmarkOptions.Usage);
    return 1;
}
