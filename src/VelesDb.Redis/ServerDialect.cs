namespace VelesDb.Redis;

/// <summary>Which implementation of vector sets answers: they differ in metrics, scores and a few replies.</summary>
internal enum ServerDialect
{
    /// <summary>Microsoft Garnet: any metric (XDISTANCE_METRIC on every VADD), scores are distances.</summary>
    Garnet,

    /// <summary>Redis 8: cosine only, scores are similarities in [0, 1].</summary>
    Redis,
}
