namespace VelesDb.Benchmarks.Report;

/// <summary>One ratio target of the issues, checked against this run's numbers.</summary>
/// <param name="Issue">Where the target comes from.</param>
/// <param name="Description">The target in words.</param>
/// <param name="Measured">What this run measured, in words.</param>
/// <param name="Passed">Null when the run could not measure it (a store or probe skipped).</param>
internal sealed record Target(string Issue, string Description, string Measured, bool? Passed)
{
    public string Verdict => Passed switch
    {
        true => "PASS",
        false => "MISS",
        null => "n/a",
    };
}
