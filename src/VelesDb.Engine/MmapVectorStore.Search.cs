using VelesDb.Engine.Index;
using VelesDb.Engine.Search;

namespace VelesDb.Engine;

/// <summary>Exact nearest-neighbour search.</summary>
public sealed partial class MmapVectorStore
{
    /// <summary>
    /// The <paramref name="k"/> stored vectors closest to <paramref name="query"/>, best first;
    /// equal scores are ordered by smaller id. Optionally only among the ids in
    /// <paramref name="filter"/>. Runs alongside writes and compaction, over the vectors live
    /// when it starts; deleted vectors never appear. Large stores are scanned on up to
    /// <paramref name="maxDegreeOfParallelism"/> cores (-1, the default: all of them).
    /// </summary>
    /// Records with a text key are not searched here (their key is no <see cref="ulong"/>): the store
    /// contract's <see cref="Search(Contract.SearchRequest)"/> searches every record.
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, DistanceMetric metric, IReadOnlySet<ulong>? filter = null, int maxDegreeOfParallelism = -1)
    {
        var (hits, _, _, _) = SearchSlots(query, k, metric, generation => IntegerCandidates(generation.Index, filter), maxDegreeOfParallelism, forceExact: false);
        return hits.ConvertAll(hit => new SearchHit(hit.Id, hit.Score));
    }

    /// <summary>Only slots of integer keys, and of those only <paramref name="ids"/> when given.</summary>
    private static SlotRestriction? IntegerCandidates(SlotIndex index, IReadOnlySet<ulong>? ids)
    {
        if (ids is null && index.TextCount == 0)
        {
            return null;
        }

        return (bits, slots) =>
        {
            if (ids is not null)
            {
                var allowed = new ulong[bits.Length];
                foreach (var id in ids)
                {
                    if (index.TryGetSlot(id, out var slot) && slot < slots)
                    {
                        allowed[slot >> 6] |= 1UL << (int)(slot & 63);
                    }
                }

                for (var i = 0; i < bits.Length; i++)
                {
                    bits[i] &= allowed[i];
                }
            }

            foreach (var (_, slot) in index.TextEntries)
            {
                if (slot < slots)
                {
                    bits[slot >> 6] &= ~(1UL << (int)(slot & 63));
                }
            }
        };
    }

    /// <summary>
    /// The search itself, over the generation current when it starts, among the slots the
    /// restriction made for that generation leaves; returns the hits with their slots, the
    /// generation they are slots of, whether the answer is exact, and whether the int8 copy
    /// narrowed the candidates. <paramref name="forceExact"/> scans every candidate's f32 vector
    /// whatever the store keeps beside them.
    /// </summary>
    private (List<ScoredSlot> Hits, Generation Generation, bool Exact, bool Quantized) SearchSlots(ReadOnlySpan<float> query, int k, DistanceMetric metric, Func<Generation, SlotRestriction?> restrictionFor, int maxDegreeOfParallelism, bool forceExact)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDegreeOfParallelism), maxDegreeOfParallelism, "Use -1 for all cores, or a positive number.");
        }

        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Use Cosine, DotProduct or Euclidean.");
        }

        if (query.Length != Dimension)
        {
            throw new DimensionMismatchException(Dimension, query.Length);
        }

        var bad = IndexOfNonFinite(query);
        if (bad >= 0)
        {
            throw new InvalidVectorException($"The query vector has {query[bad]} at component {bad}; NaN and infinity cannot be searched for.");
        }

        if (metric == DistanceMetric.Cosine && System.Numerics.Tensors.TensorPrimitives.Dot(query, query) == 0)
        {
            throw new InvalidVectorException("The query vector is all zeros, which has no direction: cosine similarity is undefined. Use DotProduct or Euclidean, or another query.");
        }

        var (generation, region) = Pin();
        try
        {
            var threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
            var index = forceExact ? ExactScanIndex.Instance : generation.SearchIndex;
            var (hits, quantized, candidates) = index.Search(generation, region, query, k, metric, restrictionFor(generation), threads);
            CountSearch(quantized, candidates);
            return (hits, generation, index.IsExact, quantized);
        }
        finally
        {
            region.Release();
        }
    }
}
