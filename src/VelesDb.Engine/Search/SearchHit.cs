namespace VelesDb.Engine;

/// <summary>One result of a nearest-neighbour search.</summary>
/// <param name="Id">The stored vector's id.</param>
/// <param name="Score">Its score under the search's <see cref="DistanceMetric"/>.</param>
public readonly record struct SearchHit(ulong Id, float Score);
