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
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, DistanceMetric metric, IReadOnlySet<ulong>? filter = null, int maxDegreeOfParallelism = -1) =>
        Search(query, k, metric, filter, maxDegreeOfParallelism, out _);

    /// <summary>As the public search; <paramref name="exact"/> says whether every live vector was scored.</summary>
    private List<SearchHit> Search(ReadOnlySpan<float> query, int k, DistanceMetric metric, IReadOnlySet<ulong>? filter, int maxDegreeOfParallelism, out bool exact)
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
            exact = generation.SearchIndex.IsExact;
            return generation.SearchIndex.Search(generation, region, query, k, metric, filter, maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism);
        }
        finally
        {
            region.Release();
        }
    }
}
