namespace VelesDb.Engine.Contract;

/// <summary>What a nearest-neighbour search asks of a store.</summary>
public sealed record SearchRequest
{
    /// <summary>The query vector; it must have the store's dimension and finite components.</summary>
    public required float[] Query { get; init; }

    /// <summary>How many nearest records to return, best first.</summary>
    public required int K { get; init; }

    /// <summary>How records are scored; null means the store's own metric (see <see cref="IVectorStore.Metric"/>), or Cosine.</summary>
    public DistanceMetric? Metric { get; init; }

    /// <summary>Only these keys are candidates; null means every record.</summary>
    public IReadOnlySet<RecordKey>? Candidates { get; init; }

    /// <summary>
    /// A filter expression over the records' attributes (the filter language of about_VelesDb): only
    /// records it matches are candidates, and the search stays exact among them. Null means none.
    /// </summary>
    public string? Filter { get; init; }

    /// <summary>True forces an exact scan even where the store has an approximate index.</summary>
    public bool Exact { get; init; }

    /// <summary>How hard an approximate search works (more finds more of the true neighbours, slower); null is the store's default.</summary>
    public int? Effort { get; init; }

    /// <summary>Cores an exact scan may use; -1 means all of them.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
