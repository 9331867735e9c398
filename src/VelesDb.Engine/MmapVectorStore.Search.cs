using VelesDb.Engine.Search;

namespace VelesDb.Engine;

/// <summary>Exact nearest-neighbour search.</summary>
public sealed partial class MmapVectorStore
{
    /// <summary>
    /// The <paramref name="k"/> stored vectors closest to <paramref name="query"/>, best first;
    /// equal scores are ordered by smaller id. Optionally only among the ids in
    /// <paramref name="filter"/>. Runs alongside writes and compaction, over the vectors live
    /// when it starts; deleted vectors never appear.
    /// </summary>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, DistanceMetric metric, IReadOnlySet<ulong>? filter = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (!Enum.IsDefined(metric))
        {
            throw new ArgumentOutOfRangeException(nameof(metric), metric, "Use Cosine, DotProduct or Euclidean.");
        }

        if (query.Length != Dimension)
        {
            throw new DimensionMismatchException(Dimension, query.Length);
        }

        foreach (var component in query)
        {
            if (!float.IsFinite(component))
            {
                throw new InvalidVectorException($"The query vector has {component}; NaN and infinity cannot be searched for.");
            }
        }

        if (metric == DistanceMetric.Cosine && System.Numerics.Tensors.TensorPrimitives.Dot(query, query) == 0)
        {
            throw new InvalidVectorException("The query vector is all zeros, which has no direction: cosine similarity is undefined. Use DotProduct or Euclidean, or another query.");
        }

        while (true)
        {
            var generation = Current;
            var region = generation.Data.AcquireRegion();
            if (region is null)
            {
                ThrowIfDisposed();
                continue;
            }

            try
            {
                return VectorScan.Run(generation, region, query, k, metric, filter);
            }
            finally
            {
                region.Release();
            }
        }
    }
}
