using StackExchange.Redis;

namespace VelesDb.Redis;

/// <summary>The two keys of one shard of a store: its vector set and the set of its element names (in the same hash slot).</summary>
internal sealed record ShardKeys(RedisKey Set, RedisKey Members);
