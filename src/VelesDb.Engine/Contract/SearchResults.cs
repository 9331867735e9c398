namespace VelesDb.Engine.Contract;

/// <summary>What a search found, and how.</summary>
/// <param name="Matches">The nearest records, best first; equal scores in key order.</param>
/// <param name="Metric">The metric the scores are in.</param>
/// <param name="Exact">True when every record was scored (an exact answer); false when an approximate index answered.</param>
public sealed record SearchResults(IReadOnlyList<SearchMatch> Matches, DistanceMetric Metric, bool Exact);
