namespace VelesDb.Engine.Contract;

/// <summary>How a store is opened.</summary>
public sealed record StoreOpenOptions
{
    /// <summary>What a write has survived when its call (or its write scope) returns.</summary>
    public Durability Durability { get; init; } = Durability.Full;
}
