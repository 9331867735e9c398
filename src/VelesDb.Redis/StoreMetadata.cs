using System.Globalization;
using StackExchange.Redis;
using VelesDb.Engine;

namespace VelesDb.Redis;

/// <summary>
/// What a store was created with, as the hash <c>N:meta</c> keeps it:
/// <code>
/// field          value
/// format         "1"  (the layout of the three keys; a newer number is refused)
/// dimension      components per vector, decimal
/// metric         Cosine | DotProduct | Euclidean
/// quantization   None | Int8
/// shards         the shards' hash tags, comma-separated (absent: one unsharded vector set)
/// </code>
/// </summary>
internal sealed record StoreMetadata(int Dimension, DistanceMetric Metric, VectorQuantization Quantization, IReadOnlyList<string> ShardTags)
{
    public const string Format = "1";

    public HashEntry[] ToHash() =>
    [
        new("format", Format),
        new("dimension", Dimension.ToString(CultureInfo.InvariantCulture)),
        new("metric", MetricConvention.StoredName(Metric)),
        new("quantization", Quantization.ToString()),
        .. ShardTags.Count == 0 ? (HashEntry[])[] : [new HashEntry("shards", string.Join(',', ShardTags))],
    ];

    /// <summary>The metadata a hash holds; null, with the reason, when it is not one VelesDb wrote in a format it reads.</summary>
    public static StoreMetadata? FromHash(HashEntry[] entries, out string? problem)
    {
        var fields = entries.ToDictionary(e => (string)e.Name!, e => (string?)e.Value, StringComparer.Ordinal);
        problem = null;
        if (!fields.TryGetValue("format", out var format))
        {
            problem = "a hash without the field 'format'";
        }
        else if (format != Format)
        {
            problem = $"a store of format '{format}', which this version of VelesDb does not read (it reads format {Format}); use a newer VelesDb";
        }
        else if (!fields.TryGetValue("dimension", out var dimensionText) || !int.TryParse(dimensionText, NumberStyles.None, CultureInfo.InvariantCulture, out var dimension) || dimension <= 0)
        {
            problem = "a store's metadata without a valid 'dimension'";
        }
        else if (!fields.TryGetValue("metric", out var metricText) || !MetricConvention.TryParseStoredName(metricText, out var metric))
        {
            problem = "a store's metadata without a valid 'metric'";
        }
        else if (!fields.TryGetValue("quantization", out var quantizationText) || !Enum.TryParse<VectorQuantization>(quantizationText, out var quantization) || !Enum.IsDefined(quantization))
        {
            problem = "a store's metadata without a valid 'quantization'";
        }
        else
        {
            var tags = fields.TryGetValue("shards", out var shards) && !string.IsNullOrEmpty(shards) ? shards.Split(',') : [];
            return new StoreMetadata(dimension, metric, quantization, tags);
        }

        return null;
    }
}
