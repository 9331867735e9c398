using System.Numerics.Tensors;
using VelesDb.Engine.Format;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search;

/// <summary>
/// Exact k-nearest-neighbour search: scores every live slot straight from the mapping with
/// SIMD (<see cref="TensorPrimitives"/>), keeps a bounded heap per partition, and splits large
/// stores across cores. Works on a point-in-time snapshot of one generation (its mapping held,
/// a copy of its live bitmap taken between batches; slots are never rewritten), so writers and
/// compaction may run meanwhile and every vector is seen exactly once, as of the snapshot.
/// </summary>
internal static class VectorScan
{
    private const long SlotsPerPartitionMinimum = 16_384;

    public static List<SearchHit> Run(Generation generation, MappedRegion region, ReadOnlySpan<float> query, int k, DistanceMetric metric, IReadOnlySet<ulong>? filter)
    {
        var layout = generation.Data.Layout;
        var bits = generation.Index.SnapshotLiveSlots(out var liveSlots);
        var slots = Math.Min(liveSlots, (region.Length - SlotLayout.DataStart) / layout.SlotSize);
        var queryCopy = query.ToArray();
        var queryNorm = MathF.Sqrt(TensorPrimitives.Dot(query, query));

        TopK best;
        if (filter is not null && filter.Count * 8L < slots)
        {
            best = new TopK(k);
            foreach (var id in filter)
            {
                if (generation.Index.TryGetSlot(id, out var slot) && slot < slots)
                {
                    var vector = layout.Vector(region.Bytes(layout.OffsetOf(slot), layout.SlotSize));
                    best.Offer(id, Key(metric, queryCopy, queryNorm, vector));
                }
            }
        }
        else
        {
            var partitions = (int)Math.Clamp(slots / SlotsPerPartitionMinimum, 1, Environment.ProcessorCount);
            var partials = new TopK[partitions];
            var perPartition = (slots + partitions - 1) / partitions;
            Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
            {
                var from = p * perPartition;
                partials[p] = ScanRange(region, layout, bits, from, Math.Min(slots, from + perPartition), queryCopy, queryNorm, k, metric, filter);
            });

            best = partials[0];
            for (var p = 1; p < partitions; p++)
            {
                partials[p].MergeInto(best);
            }
        }

        return best.Sorted().Select(c => new SearchHit(c.Id, metric == DistanceMetric.Euclidean ? c.Key : -c.Key)).ToList();
    }

    private static TopK ScanRange(MappedRegion region, SlotLayout layout, ulong[] bits, long from, long to, float[] query, float queryNorm, int k, DistanceMetric metric, IReadOnlySet<ulong>? filter)
    {
        var best = new TopK(k);
        for (var slot = from; slot < to; slot++)
        {
            if ((bits[slot >> 6] & (1UL << (int)(slot & 63))) == 0)
            {
                continue;
            }

            var bytes = region.Bytes(layout.OffsetOf(slot), layout.SlotSize);
            var id = SlotLayout.ReadId(bytes);
            if (filter is not null && !filter.Contains(id))
            {
                continue;
            }

            best.Offer(id, Key(metric, query, queryNorm, layout.Vector(bytes)));
        }

        return best;
    }

    /// <summary>The ranking key: lower is better for every metric.</summary>
    private static float Key(DistanceMetric metric, ReadOnlySpan<float> query, float queryNorm, ReadOnlySpan<float> vector)
    {
        switch (metric)
        {
            case DistanceMetric.DotProduct:
                return -TensorPrimitives.Dot(query, vector);
            case DistanceMetric.Euclidean:
                return TensorPrimitives.Distance(query, vector);
            default:
                var norm = MathF.Sqrt(TensorPrimitives.Dot(vector, vector));
                return norm == 0 ? 0f : -(TensorPrimitives.Dot(query, vector) / (queryNorm * norm));
        }
    }
}
