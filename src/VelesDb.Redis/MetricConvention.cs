using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>
/// The server's names for a metric and its scores turned into the module's convention: cosine
/// similarity and dot product (higher is closer), Euclidean distance (lower is closer). Garnet
/// reports distances whatever the metric: 1 − cos for cosine, −dot for inner product, and the
/// squared Euclidean distance for L2. Redis 8 knows only cosine and reports (1 + cos) / 2.
/// </summary>
internal static class MetricConvention
{
    /// <summary>The XDISTANCE_METRIC argument Garnet takes on VADD.</summary>
    public static string GarnetName(DistanceMetric metric) => metric switch
    {
        DistanceMetric.Cosine => "COSINE",
        DistanceMetric.DotProduct => "IP",
        DistanceMetric.Euclidean => "L2",
        _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
    };

    /// <summary>The name kept in a store's metadata.</summary>
    public static string StoredName(DistanceMetric metric) => metric.ToString();

    public static bool TryParseStoredName(string? text, out DistanceMetric metric) =>
        Enum.TryParse(text, ignoreCase: false, out metric) && Enum.IsDefined(metric);

    /// <summary>The metric VINFO names (Garnet's "distance-metric"), or null for a name it does not know.</summary>
    public static DistanceMetric? FromServerInfo(string? name) => name?.ToLowerInvariant() switch
    {
        "cosine" => DistanceMetric.Cosine,
        "inner-product" or "ip" => DistanceMetric.DotProduct,
        "l2" or "euclidean" => DistanceMetric.Euclidean,
        _ => null,
    };

    /// <summary>A VSIM score from <paramref name="dialect"/> in the module's convention for <paramref name="metric"/>.</summary>
    public static float ToModuleScore(ServerDialect dialect, DistanceMetric metric, double score)
    {
        if (dialect == ServerDialect.Redis)
        {
            return (float)((2 * score) - 1);
        }

        return metric switch
        {
            DistanceMetric.Cosine => (float)(1 - score),
            DistanceMetric.DotProduct => (float)-score,
            DistanceMetric.Euclidean => (float)Math.Sqrt(Math.Max(0, score)),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
        };
    }

    /// <summary>The exact score of <paramref name="vector"/> against <paramref name="query"/>, for searches the client scores itself.</summary>
    public static float Score(DistanceMetric metric, ReadOnlySpan<float> query, ReadOnlySpan<float> vector)
    {
        double dot = 0, qq = 0, vv = 0, squared = 0;
        for (var i = 0; i < query.Length; i++)
        {
            dot += (double)query[i] * vector[i];
            qq += (double)query[i] * query[i];
            vv += (double)vector[i] * vector[i];
            var d = (double)query[i] - vector[i];
            squared += d * d;
        }

        return metric switch
        {
            DistanceMetric.Cosine => qq == 0 || vv == 0 ? 0f : (float)(dot / Math.Sqrt(qq * vv)),
            DistanceMetric.DotProduct => (float)dot,
            DistanceMetric.Euclidean => (float)Math.Sqrt(squared),
            _ => throw new ArgumentOutOfRangeException(nameof(metric), metric, null),
        };
    }
}
