namespace VelesDb.Engine.Contract;

/// <summary>What a search found, and how.</summary>
/// <param name="Matches">The nearest records, best first; equal scores in key order.</param>
/// <param name="Metric">The metric the scores are in.</param>
/// <param name="Exact">True when every record was scored (an exact answer); false when an approximate index answered.</param>
public sealed record SearchResults(IReadOnlyList<SearchMatch> Matches, DistanceMetric Metric, bool Exact)
{
    /// <summary>
    /// True when a quantized copy of the vectors (an embedded store's Int8 setting) chose which records
    /// were scored from their full-precision vectors. Such an answer is still <see cref="Exact"/>: the
    /// copy rules a record out only where an error bound proves it cannot be among the nearest.
    /// </summary>
    public bool Quantized { get; init; }
}
