using System.Net;

namespace VelesDb.Redis;

/// <summary>
/// What a server store needs beyond <see cref="Engine.Contract.StoreCreateOptions"/> and
/// <see cref="Engine.Contract.StoreOpenOptions"/>, which do not (yet) carry it.
/// </summary>
public sealed record RedisStoreSettings
{
    /// <summary>The defaults: no credential, unquantized vectors, a 5-second connect timeout, a 30-second command timeout.</summary>
    public static RedisStoreSettings Default { get; } = new();

    /// <summary>The ACL user and password; null uses what the location gives, or none. Never shown in a locator or a message.</summary>
    public NetworkCredential? Credential { get; init; }

    /// <summary>How a new store keeps its vectors (ignored by Open, which reads it from the store).</summary>
    public VectorQuantization Quantization { get; init; } = VectorQuantization.None;

    /// <summary>
    /// How many vector sets a new store spreads over (ignored by Open). More than one needs a
    /// cluster: each shard is placed in a hash slot of a different node, writes go to the shard of
    /// their key, and a search asks every shard at once and merges their best matches.
    /// </summary>
    public int Shards { get; init; } = 1;

    /// <summary>How long connecting may take before the server counts as unreachable.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one command (or one batch's replies) may take before the server counts as unreachable.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
