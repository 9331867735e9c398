using System.IO.Hashing;
using StackExchange.Redis;

namespace VelesDb.Redis;

/// <summary>
/// The server keys of a store named N. <c>N:meta</c> is a hash of what the store was created with
/// (so Open can check it, and an empty store still exists where a server drops an empty vector
/// set). The records live in one shard or several; each shard is a vector set and a set of its
/// element names, because Garnet 2.2.8 can list a vector set's members by no command (VRANDMEMBER
/// with a large count returns a few and then drops the connection; SCAN cannot look inside a key).
/// <code>
/// layout            vector set         element names
/// one shard         N                  N:keys
/// shard with tag T  {T}N               {T}N:keys      (T chosen at creation so that the shards' hash slots are on different nodes)
/// </code>
/// A record belongs to shard XxHash32(element name) mod the number of shards.
/// </summary>
internal sealed class StoreKeys
{
    public StoreKeys(string name, IReadOnlyList<string> shardTags)
    {
        Name = name;
        ShardTags = shardTags;
        Shards = shardTags.Count == 0
            ? [new ShardKeys(name, name + ":keys")]
            : [.. shardTags.Select(tag => new ShardKeys($"{{{tag}}}{name}", $"{{{tag}}}{name}:keys"))];
    }

    public string Name { get; }

    /// <summary>The hash tags of the shards; empty for a store of one unsharded vector set.</summary>
    public IReadOnlyList<string> ShardTags { get; }

    public IReadOnlyList<ShardKeys> Shards { get; }

    public RedisKey Meta => MetaOf(Name);

    public static RedisKey MetaOf(string name) => name + ":meta";

    /// <summary>The shard that holds the record of this element name.</summary>
    public ShardKeys ShardOf(RedisValue element) =>
        Shards.Count == 1 ? Shards[0] : Shards[(int)(XxHash32.HashToUInt32((byte[])element!) % (uint)Shards.Count)];

    /// <summary>The hash tag for candidate number <paramref name="candidate"/> of a shard: no braces, whatever the store's name.</summary>
    public static string TagCandidate(string name, int candidate) =>
        $"v{XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(name)):x8}-{candidate}";
}
