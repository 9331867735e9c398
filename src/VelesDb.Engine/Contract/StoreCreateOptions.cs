namespace VelesDb.Engine.Contract;

/// <summary>How a store is created.</summary>
public sealed record StoreCreateOptions
{
    /// <summary>Components per vector, fixed for the life of the store.</summary>
    public required int Dimension { get; init; }

    /// <summary>What a write has survived when its call (or its write scope) returns.</summary>
    public Durability Durability { get; init; } = Durability.Full;

    /// <summary>
    /// Creates the store even beside files that only look like a store's (an embedded store's folder
    /// holding <c>vectors.old.dat</c>, say); they are kept and never touched. Files the store would
    /// have to overwrite are refused even so.
    /// </summary>
    public bool Force { get; init; }

    /// <summary>The one metric a store that fixes it at creation searches with; null lets every search choose.</summary>
    public DistanceMetric? Metric { get; init; }
}
