using System.Management.Automation;
using VelesDb.Engine;

namespace VelesDb.PowerShell;

/// <summary>One nearest neighbour found by Find-VelesVector.</summary>
public sealed class VelesSearchResult
{
    /// <summary>The type name of results that carry their vector; its view adds a Vector column.</summary>
    public const string WithVectorTypeName = "VelesDb.PowerShell.VelesSearchResult#IncludeVector";

    internal VelesSearchResult(int rank, ulong id, float score, DistanceMetric metric, ulong? queryId, string storePath, float[]? vector)
    {
        Rank = rank;
        Id = id;
        Score = score;
        Metric = metric;
        QueryId = queryId;
        StorePath = storePath;
        Vector = vector;
    }

    /// <summary>1 for the closest vector, then 2, 3, ...</summary>
    public int Rank { get; }

    /// <summary>The id of the stored vector.</summary>
    public ulong Id { get; }

    /// <summary>
    /// Its score: cosine similarity or dot product (higher is closer), or Euclidean distance,
    /// not squared (lower is closer).
    /// </summary>
    public float Score { get; }

    /// <summary>How the score was computed.</summary>
    public DistanceMetric Metric { get; }

    /// <summary>The id of the query, when the query came with one (a piped vector's Id); otherwise null.</summary>
    public ulong? QueryId { get; }

    /// <summary>The full path of the store; binds to -Path of the next cmdlet.</summary>
    public string StorePath { get; }

    /// <summary>The stored vector's components with -IncludeVector; otherwise null.</summary>
    public float[]? Vector { get; }

    /// <summary>Wraps a result so that PowerShell shows it with the view that has a Vector column.</summary>
    internal static PSObject WithVectorView(VelesSearchResult result)
    {
        var wrapped = new PSObject(result);
        wrapped.TypeNames.Insert(0, WithVectorTypeName);
        return wrapped;
    }
}
