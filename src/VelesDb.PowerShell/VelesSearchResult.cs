using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>One nearest neighbour found by Find-VelesVector.</summary>
public sealed class VelesSearchResult
{
    /// <summary>The type name of results that carry their vector; its view adds a Vector column.</summary>
    public const string WithVectorTypeName = "VelesDb.PowerShell.VelesSearchResult#IncludeVector";

    internal VelesSearchResult(int rank, RecordKey key, float score, DistanceMetric metric, RecordKey? queryKey, string storePath, float[]? vector, PSObject? attributes, bool exact = true, bool quantized = false)
    {
        Exact = exact;
        Quantized = quantized;
        Rank = rank;
        Key = key;
        Id = key.ToObject();
        Score = score;
        Metric = metric;
        QueryId = queryKey?.ToObject();
        StorePath = storePath;
        Vector = vector;
        Attributes = attributes;
    }

    /// <summary>1 for the closest vector, then 2, 3, ...</summary>
    public int Rank { get; }

    /// <summary>The key of the stored record: a <c>[ulong]</c> for an integer id, a <c>[string]</c> for a text key.</summary>
    public object Id { get; }

    /// <summary>
    /// Its score: cosine similarity or dot product (higher is closer), or Euclidean distance,
    /// not squared (lower is closer).
    /// </summary>
    public float Score { get; }

    /// <summary>How the score was computed.</summary>
    public DistanceMetric Metric { get; }

    /// <summary>
    /// True when no closer record can have been missed: every candidate was scored from its float32
    /// vector, or ruled out by a proven bound (an embedded store, with or without quantization);
    /// false when an approximate index answered (a server store), which may miss some true neighbours.
    /// </summary>
    public bool Exact { get; }

    /// <summary>
    /// True when the store's int8 copy (-Quantization Int8) chose which records were scored from
    /// their float32 vectors. The result is still Exact: a record is left out only where an error
    /// bound proves it cannot be among the nearest, so the answer is the float32 scan's.
    /// </summary>
    public bool Quantized { get; }

    /// <summary>The key of the query, when the query came with one (a piped vector's Id); otherwise null.</summary>
    public object? QueryId { get; }

    /// <summary>The full path of the store; binds to -Path of the next cmdlet.</summary>
    public string StorePath { get; }

    /// <summary>The stored vector's components with -IncludeVector; otherwise null.</summary>
    public float[]? Vector { get; }

    /// <summary>The stored record's attributes as a PSCustomObject (empty when it has none); null with -ExcludeAttributes.</summary>
    public PSObject? Attributes { get; }

    /// <summary>The key as the engine knows it.</summary>
    internal RecordKey Key { get; }
}
