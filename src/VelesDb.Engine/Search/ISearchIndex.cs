using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search;

/// <summary>
/// How one generation answers a nearest-neighbour query. The exact scan is always there; derived
/// indexes (a quantized copy, a graph) hang off the generation beside it, since they refer to its
/// slots, and are rebuilt from its f32 vectors, never trusted over them.
/// </summary>
internal interface ISearchIndex
{
    /// <summary>True when the answer is the exact top-k (every live vector scored, or ruled out by a bound that holds).</summary>
    bool IsExact { get; }

    /// <summary>
    /// The best <paramref name="k"/> hits for a validated query, best first, ties by smaller id,
    /// over <paramref name="region"/>, a pinned mapping of the generation's data file, among the live slots
    /// <paramref name="restriction"/> leaves (all of them when it is null); and whether a quantized
    /// copy narrowed the slots scored from f32, and how many slots were scored from f32 then.
    /// </summary>
    (List<ScoredSlot> Hits, bool Quantized, long Candidates) Search(Generation generation, MappedRegion region, ReadOnlySpan<float> query, int k, DistanceMetric metric, SlotRestriction? restriction, int threads);
}
