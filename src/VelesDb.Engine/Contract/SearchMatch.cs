namespace VelesDb.Engine.Contract;

/// <summary>One record found by a search.</summary>
/// <param name="Key">The record's key.</param>
/// <param name="Score">Its score under the search's metric: a similarity for Cosine and DotProduct (higher is closer), a distance for Euclidean (lower is closer).</param>
public readonly record struct SearchMatch(RecordKey Key, float Score);
