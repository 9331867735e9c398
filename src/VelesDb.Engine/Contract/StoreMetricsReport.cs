namespace VelesDb.Engine.Contract;

/// <summary>
/// A point-in-time picture of a store: what every backend reports, plus <see cref="Details"/>,
/// what only its backend knows (file sizes for the embedded engine, server figures for a server).
/// </summary>
public sealed record StoreMetricsReport
{
    /// <summary>Where the store lives.</summary>
    public required StoreLocator Locator { get; init; }

    /// <summary>The backend's name.</summary>
    public required string Backend { get; init; }

    /// <summary>Components per vector.</summary>
    public required int Dimension { get; init; }

    /// <summary>Records stored now.</summary>
    public required long Count { get; init; }

    /// <summary>What a write has survived when its scope commits.</summary>
    public required Durability Durability { get; init; }

    /// <summary>Records written (inserts and overwrites) since the store was opened.</summary>
    public required long StoredCount { get; init; }

    /// <summary>Records deleted since the store was opened.</summary>
    public required long DeletedCount { get; init; }

    /// <summary>Copying reads since the store was opened.</summary>
    public required long RetrievedCount { get; init; }

    /// <summary>Time per write call (one batch).</summary>
    public required LatencySummary BatchWriteLatency { get; init; }

    /// <summary>UTF-8 bytes of the text keys of the records stored now (integer keys count nothing).</summary>
    public long KeyBytes { get; init; }

    /// <summary>Bytes of the attributes of the records stored now, as compact UTF-8 JSON; a record without attributes counts nothing.</summary>
    public long AttributeBytes { get; init; }

    /// <summary>The backend's own figures, in the order it lists them: numbers, strings or <see cref="LatencySummary"/> values.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Details { get; init; } = [];
}
