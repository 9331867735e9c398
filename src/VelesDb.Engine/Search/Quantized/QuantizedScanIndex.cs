using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// Searches through a generation's int8 copy (<see cref="QuantizedScan"/>), catching the copy up
/// with the slots written since it last looked; the f32 scan when the copy has been dropped meanwhile.
/// Exact either way: the copy only rules slots out where a bound proves they cannot be in the top-k.
/// </summary>
internal sealed class QuantizedScanIndex(QuantizedCopy copy) : ISearchIndex
{
    public QuantizedCopy Copy { get; } = copy;

    public bool IsExact => true;

    public (List<ScoredSlot> Hits, bool Quantized, long Candidates) Search(Generation generation, MappedRegion region, ReadOnlySpan<float> query, int k, DistanceMetric metric, SlotRestriction? restriction, int threads)
    {
        if (Copy.Current(generation, region) is { } records)
        {
            var (hits, candidates) = QuantizedScan.Run(generation, region, records, query, k, metric, restriction, threads);
            return (hits, true, candidates);
        }

        return (VectorScan.Run(generation, region, query, k, metric, restriction, threads), false, 0);
    }
}
