namespace VelesDb.Engine;

/// <summary>How a search scores a stored vector against the query.</summary>
public enum DistanceMetric
{
    /// <summary>Cosine similarity in [-1, 1]; higher is closer. A stored all-zero vector scores 0.</summary>
    Cosine = 0,

    /// <summary>Dot product; higher is closer.</summary>
    DotProduct = 1,

    /// <summary>Euclidean (L2) distance, not squared; lower is closer.</summary>
    Euclidean = 2,
}
