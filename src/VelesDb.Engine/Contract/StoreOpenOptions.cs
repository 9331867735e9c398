namespace VelesDb.Engine.Contract;

/// <summary>How a store is opened.</summary>
public sealed record StoreOpenOptions
{
    /// <summary>What a write has survived when its call (or its write scope) returns.</summary>
    public Durability Durability { get; init; } = Durability.Full;

    /// <summary>The user and password a server store is reached with; null means none (or what its URI gives). Embedded stores take none.</summary>
    public System.Net.NetworkCredential? Credential { get; init; }
}
