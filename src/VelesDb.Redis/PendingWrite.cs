using VelesDb.Engine.Contract;

namespace VelesDb.Redis;

/// <summary>One queued write of a <see cref="RedisWriteScope"/>: a record to store (with its VADD arguments built) or a key to delete.</summary>
internal readonly record struct PendingWrite(RecordKey Key, object[]? AddArguments, float[]? Vector, RecordAttributes? Attributes)
{
    public bool IsRemove => AddArguments is null;
}
