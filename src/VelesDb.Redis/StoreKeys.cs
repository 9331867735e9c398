using StackExchange.Redis;

namespace VelesDb.Redis;

/// <summary>
/// The three server keys of a store named N: N itself, the vector set; <c>N:meta</c>, a hash of
/// what the store was created with (so Open can check it, and an empty store still exists where a
/// server drops an empty vector set); and <c>N:keys</c>, a set of the element names, because
/// Garnet 2.2.8 can list a vector set's members by no command (VRANDMEMBER with a large count
/// returns a few and then drops the connection; SCAN cannot look inside a key).
/// </summary>
internal sealed record StoreKeys(string Name)
{
    public RedisKey Set => Name;

    public RedisKey Meta => Name + ":meta";

    public RedisKey Members => Name + ":keys";
}
