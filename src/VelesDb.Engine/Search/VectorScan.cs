using System.Numerics;
using VelesDb.Engine.Format;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search;

/// <summary>
/// Exact k-nearest-neighbour search: ranks every live slot straight from the mapping with
/// SIMD (<see cref="Kernels"/>), keeps a bounded heap per partition, and splits large
/// stores across cores. The scan ranks by a key that orders like the score but skips its square
/// root (a root and a division per vector cost a fifth of a 128-float cosine scan); only the k
/// winners are then scored exactly. Works on a point-in-time snapshot of one generation (its
/// mapping held, a copy of its live bitmap taken between batches; slots are never rewritten), so
/// writers and compaction may run meanwhile and every vector is seen exactly once, as of the snapshot.
/// </summary>
internal static class VectorScan
{
    private const long SlotsPerPartitionMinimum = 16_384;

    public static List<ScoredSlot> Run(Generation generation, MappedRegion region, ReadOnlySpan<float> query, int k, DistanceMetric metric, SlotRestriction? restriction, int threads)
    {
        var bits = generation.Index.SnapshotLiveSlots(out var liveSlots);
        var covering = Covering(generation, region, liveSlots);
        try
        {
            return Scan(generation, covering ?? region, bits, liveSlots, query, k, metric, restriction, threads);
        }
        finally
        {
            covering?.Release();
        }
    }

    /// <summary>
    /// The generation's current mapping, when <paramref name="pinned"/> does not reach the last of
    /// <paramref name="liveSlots"/>: a write grew the file and published slots beyond it after the
    /// pin (its overwrites killing slots inside it), and the live bitmap, taken after the pin, names
    /// them. A file is mapped again before slots are written past the old mapping, so the current
    /// mapping holds them. Null when the pinned one suffices, or the generation is retired (its
    /// records are then all in the next one, which a search of the next generation finds).
    /// </summary>
    private static MappedRegion? Covering(Generation generation, MappedRegion pinned, long liveSlots)
    {
        var layout = generation.Data.Layout;
        if (layout.OffsetOf(liveSlots) <= pinned.Length || generation.Data.AcquireRegion() is not { } current)
        {
            return null;
        }

        if (current.Length > pinned.Length)
        {
            return current;
        }

        current.Release();
        return null;
    }

    private static List<ScoredSlot> Scan(Generation generation, MappedRegion region, ulong[] bits, long liveSlots, ReadOnlySpan<float> query, int k, DistanceMetric metric, SlotRestriction? restriction, int threads)
    {
        var layout = generation.Data.Layout;
        var slots = Math.Min(liveSlots, (region.Length - SlotLayout.DataStart) / layout.SlotSize);
        restriction?.Invoke(bits, slots);
        var queryCopy = query.ToArray();
        var queryNorm = MathF.Sqrt(Kernels.Dot(query, query));

        var norms = metric == DistanceMetric.Cosine ? generation.Norms.Covering(slots) : null;
        var partitions = (int)Math.Clamp(slots / SlotsPerPartitionMinimum, 1, threads);
        var partials = new TopK[partitions];
        var perPartition = (slots + partitions - 1) / partitions;
        Parallel.For(0, partitions, new ParallelOptions { MaxDegreeOfParallelism = partitions }, p =>
        {
            var from = p * perPartition;
            partials[p] = ScanRange(region, layout, bits, from, Math.Min(slots, from + perPartition), queryCopy, queryNorm, k, metric, norms);
        });

        var best = partials[0];
        for (var p = 1; p < partitions; p++)
        {
            partials[p].MergeInto(best);
        }

        return Winners(best, region, layout, queryCopy, queryNorm, metric);
    }

    /// <summary>
    /// The best <paramref name="k"/> of <paramref name="slots"/> (live slots of the generation, within
    /// <paramref name="region"/>), ranked and scored exactly as <see cref="Run"/> ranks and scores
    /// them: a scan that narrows the slots first (the quantized one) answers what this scan would.
    /// </summary>
    public static List<ScoredSlot> Rank(Generation generation, MappedRegion region, List<long> slots, ReadOnlySpan<float> query, int k, DistanceMetric metric)
    {
        var layout = generation.Data.Layout;
        var queryCopy = query.ToArray();
        var queryNorm = MathF.Sqrt(Kernels.Dot(query, query));
        var norms = metric == DistanceMetric.Cosine && slots.Count > 0 ? generation.Norms.Covering(slots.Max() + 1) : null;
        var best = new TopK(k);
        foreach (var slot in slots)
        {
            var bytes = region.Bytes(layout.OffsetOf(slot), layout.SlotSize);
            var id = SlotLayout.ReadId(bytes);
            if (metric == DistanceMetric.Cosine)
            {
                var (dot, squaredNorm) = CosineParts(queryCopy, layout.Vector(bytes), norms, slot);
                best.Offer(id, CosineKey(dot, squaredNorm, queryNorm), slot);
            }
            else
            {
                best.Offer(id, Key(metric, queryCopy, queryNorm, layout.Vector(bytes)), slot);
            }
        }

        return Winners(best, region, layout, queryCopy, queryNorm, metric);
    }

    /// <summary>The kept candidates scored exactly, best first, ties by smaller id.</summary>
    private static List<ScoredSlot> Winners(TopK best, MappedRegion region, SlotLayout layout, float[] queryCopy, float queryNorm, DistanceMetric metric)
    {
        var hits = best.Unordered()
            .Select(c => new ScoredSlot(c.Id, c.Slot, Score(metric, queryCopy, queryNorm, layout.Vector(region.Bytes(layout.OffsetOf(c.Slot), layout.SlotSize)))))
            .ToList();
        var sign = metric == DistanceMetric.Euclidean ? 1 : -1;
        hits.Sort((a, b) => a.Score != b.Score ? sign * a.Score.CompareTo(b.Score) : a.Id.CompareTo(b.Id));
        return hits;
    }

    private static TopK ScanRange(MappedRegion region, SlotLayout layout, ulong[] bits, long from, long to, float[] query, float queryNorm, int k, DistanceMetric metric, float[]? norms)
    {
        var best = new TopK(k);
        if (from >= to)
        {
            return best;
        }

        // Walk the set bits only, so dead slots and slots that are not candidates cost nothing.
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
                if (metric != DistanceMetric.Cosine)
                {
                    best.Offer(id, Key(metric, query, queryNorm, layout.Vector(bytes)), slot);
                    continue;
                }

                // Cosine: most vectors lose to the worst kept one, which a multiplication can tell
                // without the division the key needs.
                var (dot, squaredNorm) = CosineParts(query, layout.Vector(bytes), norms, slot);
                if (!ClearlyWorseCosine(dot, squaredNorm, queryNorm, best.WorstKey))
                {
                    best.Offer(id, CosineKey(dot, squaredNorm, queryNorm), slot);
                }
            }
        }

        return best;
    }

    /// <summary>
    /// The ranking key: lower is better for every metric, in the same order as the score.
    /// Euclidean ranks by the squared distance; cosine by cos·|cos| (computed in double, from
    /// the dot product and the stored vector's squared norm), which orders like cos.
    /// </summary>
    private static float Key(DistanceMetric metric, ReadOnlySpan<float> query, float queryNorm, ReadOnlySpan<float> vector)
    {
        switch (metric)
        {
            case DistanceMetric.DotProduct:
                return -Kernels.Dot(query, vector);
            case DistanceMetric.Euclidean:
                return Kernels.SquaredDistance(query, vector);
            default:
                var (dot, squaredNorm) = Kernels.DotAndSquaredNorm(query, vector);
                return CosineKey(dot, squaredNorm, queryNorm);
        }
    }

    /// <summary>The dot product and the stored vector's squared norm, the norm from the cache when it is there.</summary>
    private static (float Dot, float SquaredNorm) CosineParts(ReadOnlySpan<float> query, ReadOnlySpan<float> vector, float[]? norms, long slot)
    {
        if (norms is null)
        {
            return Kernels.DotAndSquaredNorm(query, vector);
        }

        var cached = norms[slot];
        if (!float.IsNaN(cached))
        {
            return (Kernels.Dot(query, vector), cached);
        }

        var parts = Kernels.DotAndSquaredNorm(query, vector);
        norms[slot] = parts.SquaredNorm;
        return parts;
    }

    private static float CosineKey(float dot, float squaredNorm, float queryNorm) =>
        squaredNorm == 0 ? 0f : (float)(-(double)dot * Math.Abs(dot) / ((double)queryNorm * queryNorm * squaredNorm));

    /// <summary>
    /// True when the cosine key would be above <paramref name="worstKey"/> by more than rounding
    /// could explain: the key is above the worst one exactly when dot·|dot| is below −worst·|q|²·|y|².
    /// Anything closer is left to the exact key.
    /// </summary>
    private static bool ClearlyWorseCosine(float dot, float squaredNorm, float queryNorm, float worstKey)
    {
        if (squaredNorm == 0 || float.IsPositiveInfinity(worstKey))
        {
            return false;
        }

        var bound = -(double)worstKey * queryNorm * queryNorm * squaredNorm;
        return (double)dot * Math.Abs(dot) < bound - (Math.Abs(bound) * 1e-6);
    }

    /// <summary>The score a hit reports: the dot product, the distance, or the cosine similarity (0 for an all-zero stored vector).</summary>
    private static float Score(DistanceMetric metric, ReadOnlySpan<float> query, float queryNorm, ReadOnlySpan<float> vector)
    {
        switch (metric)
        {
            case DistanceMetric.DotProduct:
                return Kernels.Dot(query, vector);
            case DistanceMetric.Euclidean:
                return MathF.Sqrt(Kernels.SquaredDistance(query, vector));
            default:
                var (dot, squaredNorm) = Kernels.DotAndSquaredNorm(query, vector);
                return squaredNorm == 0 ? 0f : dot / (queryNorm * MathF.Sqrt(squaredNorm));
        }
    }
}
