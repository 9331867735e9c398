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

    /// <summary>The user and password a server store is reached with; null means none (or what its URI gives). Embedded stores take none.</summary>
    public System.Net.NetworkCredential? Credential { get; init; }

    /// <summary>How a server keeps the new store's vectors: unquantized (the default, reads return exactly what was added) or 8-bit.</summary>
    public StoreQuantization Quantization { get; init; } = StoreQuantization.None;

    /// <summary>How many vector sets on a cluster's nodes a new server store spreads over; 1 for every other store.</summary>
    public int Shards { get; init; } = 1;
}
