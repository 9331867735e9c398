namespace VelesDb.Benchmarks.Pipeline;

/// <summary>Runs pipeline-ingest.ps1 in a child pwsh against the built module (out/VelesDb); with attributes, the records variant.</summary>
internal static class PipelineIngest
{
    public sealed record Result(int Count, int Dimension, double[] NoOpSeconds, double[] AddSeconds, double[] AddProcessSeconds, string PowerShell, string Verified)
    {
        public double NoOpMedian => Measure.Median(NoOpSeconds);

        public double AddMedian => Measure.Median(AddSeconds);

        public double AddProcessMedian => Measure.Median(AddProcessSeconds);

        public double Ratio => AddMedian / NoOpMedian;
    }

    public static Result Run(IReadOnlyList<string> pwsh, string modulePath, string repositoryRoot, BenchSettings settings, string workRoot, bool withAttributes = false)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Pipeline", "pipeline-ingest.ps1");
        var workDirectory = Path.Combine(workRoot, withAttributes ? "pipeline-records" : "pipeline");
        Directory.CreateDirectory(workDirectory);
        try
        {
            string[] arguments =
            [
                .. pwsh.Skip(1), "-NoProfile", "-NonInteractive", "-File", script,
                "-ModulePath", modulePath,
                "-BenchAssembly", typeof(PipelineIngest).Assembly.Location,
                "-Count", $"{settings.PipelineCount}",
                "-Dimension", $"{settings.PipelineDimension}",
                "-Repetitions", $"{settings.PipelineRepetitions}",
                "-WorkDirectory", workDirectory,
                .. withAttributes ? new[] { "-WithAttributes" } : [],
            ];
            return Probes.ChildProcess.Run<Result>(pwsh[0], arguments, null, repositoryRoot);
        }
        finally
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }
}
