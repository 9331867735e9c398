using System.Net;
using StackExchange.Redis;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.Redis;

/// <summary>
/// Stores on a Redis 8 or Garnet server, one vector set per store: it claims <c>redis://host:port/name</c>
/// and <c>rediss://host:port/name</c> (TLS). The canonical locator is lower-case in scheme and host,
/// always has the port, and never has a user or password. Register it with
/// <see cref="StoreProviders.Register"/> to make server locations resolve.
/// </summary>
public sealed class RedisStoreProvider : IStoreProvider
{
    /// <summary>The provider's and the backend's name.</summary>
    public const string ProviderName = "Redis";

    /// <inheritdoc/>
    public string Name => ProviderName;

    /// <summary>
    /// <paramref name="location"/> as it may be shown: any user information (user and password)
    /// between the scheme and the host replaced by <c>***</c>. For messages about text that is not
    /// (or not yet known to be) a valid location, so a typed-in password is never echoed.
    /// </summary>
    public static string Redact(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return RedisLocation.Redact(location);
    }

    /// <summary>The user and password a server location carries (<c>redis://user:password@host/name</c>), or null when it has none.</summary>
    public static NetworkCredential? CredentialOf(string location) => RedisLocation.Parse(location).Credential;

    /// <inheritdoc/>
    public bool TryLocate(string location, out StoreLocator locator)
    {
        ArgumentNullException.ThrowIfNull(location);
        locator = null!;
        if (!RedisLocation.IsServerUri(location))
        {
            return false;
        }

        locator = new StoreLocator(Name, RedisLocation.Parse(location).Canonical);
        return true;
    }

    /// <inheritdoc/>
    public IVectorStore Create(StoreLocator locator, StoreCreateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Create(locator, options, RedisStoreSettings.Default with
        {
            Credential = options.Credential,
            Quantization = options.Quantization == StoreQuantization.Int8 ? VectorQuantization.Int8 : VectorQuantization.None,
            Shards = options.Shards,
        });
    }

    /// <summary>Creates a store with a credential or quantization the contract's options do not carry.</summary>
    public IVectorStore Create(StoreLocator locator, StoreCreateOptions options, RedisStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Dimension, nameof(options));
        ThrowIfNotMine(locator);
        var location = RedisLocation.Parse(locator.Canonical);
        var server = RedisServer.Connect(location, settings.Credential, settings.ConnectTimeout, settings.CommandTimeout);
        try
        {
            ThrowIfNoVectorSets(server, location.Name);
            var metric = options.Metric ?? DistanceMetric.Cosine;
            if (server.Dialect == ServerDialect.Redis && metric != DistanceMetric.Cosine)
            {
                throw new CapabilityNotSupportedException(ProviderName, location.Canonical, $"the {metric} metric on Redis", "Redis vector sets search by cosine similarity only; use -Metric Cosine, or a Garnet server.");
            }

            var tags = ShardTags(server, location.Name, settings.Shards);
            var metadata = new StoreMetadata(options.Dimension, metric, settings.Quantization, tags);
            var keys = new StoreKeys(location.Name, tags);
            ClaimKeys(server, keys, metadata);
            return new RedisVectorStore(server, keys, metadata, options.Durability);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public IVectorStore Open(StoreLocator locator, StoreOpenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Open(locator, options, RedisStoreSettings.Default with { Credential = options.Credential });
    }

    /// <summary>Opens a store with a credential the contract's options do not carry.</summary>
    public IVectorStore Open(StoreLocator locator, StoreOpenOptions options, RedisStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        ThrowIfNotMine(locator);
        var location = RedisLocation.Parse(locator.Canonical);
        var server = RedisServer.Connect(location, settings.Credential, settings.ConnectTimeout, settings.CommandTimeout);
        try
        {
            ThrowIfNoVectorSets(server, location.Name);
            var metadata = ReadMetadata(server, location.Name);
            return new RedisVectorStore(server, new StoreKeys(location.Name, metadata.ShardTags), metadata, options.Durability);
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private void ThrowIfNotMine(StoreLocator locator)
    {
        if (!string.Equals(locator.Provider, Name, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The locator '{locator.Canonical}' is for the {locator.Provider} backend, not {Name}.", nameof(locator));
        }
    }

    /// <summary>Writes the metadata of a new store, refusing when any of its keys is taken.</summary>
    private static void ClaimKeys(RedisServer server, StoreKeys keys, StoreMetadata metadata)
    {
        var locator = server.Locator;
        var metaType = TypeOf(server, keys.Meta);
        if (metaType == "hash")
        {
            throw new StoreExistsException(locator, "a store of that name is there already. Open it with Open-VelesStore, or choose another name.");
        }

        ThrowIfTaken(server, keys.Meta, metaType);
        foreach (var shard in keys.Shards)
        {
            ThrowIfTaken(server, shard.Set, TypeOf(server, shard.Set));
            ThrowIfTaken(server, shard.Members, TypeOf(server, shard.Members));
        }

        // The metadata is written only if nobody wrote it since it was looked at.
        var claimed = server.Call("HSET", db =>
        {
            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.KeyNotExists(keys.Meta));
            _ = transaction.HashSetAsync(keys.Meta, metadata.ToHash());
            return transaction.Execute();
        }, idempotent: false);
        if (!claimed)
        {
            throw new StoreExistsException(locator, "another client created a store of that name at the same moment.");
        }
    }

    private static StoreMetadata ReadMetadata(RedisServer server, string name)
    {
        var locator = server.Locator;
        var meta = StoreKeys.MetaOf(name);
        var metaType = TypeOf(server, meta);
        if (metaType == "none")
        {
            var nameType = TypeOf(server, name);
            if (nameType == "none")
            {
                throw new StoreNotFoundException(locator, $"the server has no key '{name}'. Create the store with New-VelesStore first.");
            }

            throw new ForeignKeyException(locator, name, nameType == "vectorset" ? "a vector set without VelesDb's metadata key" : $"a value of type {nameType}",
                "VelesDb opens only stores it created; choose another name, or copy the records into a new store.");
        }

        if (metaType != "hash")
        {
            throw new ForeignKeyException(locator, (string)meta!, $"a value of type {metaType}", "Choose another store name.");
        }

        var metadata = StoreMetadata.FromHash(server.Call("HGETALL", db => db.HashGetAll(meta)), out var problem)
            ?? throw new ForeignKeyException(locator, (string)meta!, problem!, "Choose another store name.");

        foreach (var shard in new StoreKeys(name, metadata.ShardTags).Shards)
        {
            var setType = TypeOf(server, shard.Set);
            if (setType is not ("none" or "vectorset"))
            {
                throw new ForeignKeyException(locator, (string)shard.Set!, $"a value of type {setType}", "Remove or rename that key; VelesDb keeps the store's vectors there.");
            }

            if (setType == "vectorset")
            {
                var dimension = (long)server.Call("VDIM", db => db.Execute("VDIM", shard.Set));
                if (dimension != metadata.Dimension)
                {
                    throw new ForeignKeyException(locator, (string)shard.Set!, $"vectors of dimension {dimension} where the metadata says {metadata.Dimension}", "Another client changed the vector set; copy its records into a new store.");
                }
            }
        }

        return metadata;
    }

    /// <summary>
    /// No tags for one shard. For several, tags whose hash slots belong to as many different nodes
    /// as the cluster has (then again round the nodes), found by trying candidates in turn.
    /// </summary>
    private static string[] ShardTags(RedisServer server, string name, int shards)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shards);
        if (shards == 1)
        {
            return [];
        }

        var nodeOfSlot = server.NodeOfSlot()
            ?? throw new CapabilityNotSupportedException(ProviderName, server.Locator, $"{shards} shards on a server that is not a cluster", "Give the address of a cluster node, or leave -Shards out.");
        var nodes = Enumerable.Range(0, 16384).Select(nodeOfSlot).Where(n => n is not null).Distinct().Count();
        var tags = new List<string>(shards);
        var used = new List<string?>();
        for (var candidate = 0; tags.Count < shards && candidate < 100_000; candidate++)
        {
            var tag = StoreKeys.TagCandidate(name, candidate);
            var node = nodeOfSlot(server.SlotOf(tag));
            var round = used.Skip(used.Count / nodes * nodes).ToList();
            if (node is not null && !round.Contains(node))
            {
                tags.Add(tag);
                used.Add(node);
            }
        }

        return [.. tags];
    }

    /// <summary>A server without vector sets answers even VCARD with an error, which reads as <see cref="CapabilityNotSupportedException"/>.</summary>
    private static void ThrowIfNoVectorSets(RedisServer server, string name) =>
        server.Call("VCARD", db => db.Execute("VCARD", (RedisKey)(name + ":meta:probe")));

    private static string TypeOf(RedisServer server, RedisKey key) =>
        ((string?)server.Call("TYPE", db => db.Execute("TYPE", key)) ?? "none").ToLowerInvariant();

    private static void ThrowIfTaken(RedisServer server, RedisKey key, string type)
    {
        if (type != "none")
        {
            throw new ForeignKeyException(server.Locator, (string)key!, $"a value of type {type}", "Choose another store name, or remove that key yourself if it is not needed.");
        }
    }
}
