using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search;

/// <summary>The exact scan as an index: every live slot is scored (see <see cref="VectorScan"/>).</summary>
internal sealed class ExactScanIndex : ISearchIndex
{
    public static ExactScanIndex Instance { get; } = new();

    private ExactScanIndex()
    {
    }

    public bool IsExact => true;

    public (List<ScoredSlot> Hits, bool Quantized, long Candidates) Search(Generation generation, MappedRegion region, ReadOnlySpan<float> query, int k, DistanceMetric metric, SlotRestriction? restriction, int threads) =>
        (VectorScan.Run(generation, region, query, k, metric, restriction, threads), false, 0);
}
