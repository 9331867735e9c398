using System.Numerics;
using VelesDb.Engine.Format;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search;

/// <summary>
/// Exact k-nearest-neighbour search: scores every live slot straight from the mapping with
/// SIMD (<see cref="Kernels"/>), keeps a bounded heap per partition, and splits large
/// stores across cores. Works on a point-in-time snapshot of one generation (its mapping held,
/// a copy of its live bitmap taken between batches; slots are never rewritten), so writers and
/// compaction may run meanwhile and every vector is seen exactly once, as of the snapshot.
/// </summary>
internal static class VectorScan
{
    private const long SlotsPerPartitionMinimum = 16_384;

    public static List<SearchHit> Run(Generation generation, MappedRegion region, ReadOnlySpan<float> query, int k, DistanceMetric metric, IReadOnlySet<ulong>? filter, int threads)
    {
        var layout = generation.Data.Layout;
        var bits = generation.Index.SnapshotLiveSlots(out var liveSlots);
        var slots = Math.Min(liveSlots, (region.Length - SlotLayout.DataStart) / layout.SlotSize);
        var queryCopy = query.ToArray();
        var queryNorm = MathF.Sqrt(Kernels.Dot(query, query));

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
            var partitions = (int)Math.Clamp(slots / SlotsPerPartitionMinimum, 1, threads);
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

        // Walk the set bits only, so dead slots cost nothing.
        for (var word = from >> 6; word <= (to - 1) >> 6; word++)
        {
            var bitsLeft = bits[word];
            while (bitsLeft != 0)
            {
                var slot = (word << 6) + BitOperations.TrailingZeroCount(bitsLeft);
                bitsLeft &= bitsLeft - 1;
                if (slot < from || slot >= to)
                {
                    continue;
                }

                var bytes = region.Bytes(layout.OffsetOf(slot), layout.SlotSize);
                var id = SlotLayout.ReadId(bytes);
                if (filter is null || filter.Contains(id))
                {
                    best.Offer(id, Key(metric, query, queryNorm, layout.Vector(bytes)));
                }
            }
        }

        return best;
    }

    /// <summary>The ranking key: lower is better for every metric.</summary>
    private static float Key(DistanceMetric metric, ReadOnlySpan<float> query, float queryNorm, ReadOnlySpan<float> vector)
    {
        switch (metric)
        {
            case DistanceMetric.DotProduct:
                return -Kernels.Dot(query, vector);
            case DistanceMetric.Euclidean:
                return MathF.Sqrt(Kernels.SquaredDistance(query, vector));
            default:
                // One pass over the vector; a stored all-zero vector has no direction and scores 0.
                var (dot, squaredNorm) = Kernels.DotAndSquaredNorm(query, vector);
                return squaredNorm == 0 ? 0f : -(dot / (queryNorm * MathF.Sqrt(squaredNorm)));
        }
    }
}
