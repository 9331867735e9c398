using VelesDb.Engine.Index;
using VelesDb.Engine.IO;

namespace VelesDb.Engine;

/// <summary>How a store is opened. The defaults are the safe ones.</summary>
public sealed class VectorStoreOptions
{
    /// <summary>What a write has survived when it returns. <see cref="Durability.Full"/> unless asked.</summary>
    public Durability Durability { get; init; } = Durability.Full;

    /// <summary>Accept NaN and infinite components. Off: such vectors are rejected, since they poison every distance.</summary>
    public bool AllowNonFiniteValues { get; init; }

    /// <summary>
    /// When the write-ahead log grows past this many bytes, the index is checkpointed and the log
    /// emptied. Bounds recovery time; a larger value checkpoints less often.
    /// </summary>
    public long CheckpointThresholdBytes { get; init; } = 32L * 1024 * 1024;

    internal IStoreFileSystem FileSystem { get; init; } = OsStoreFileSystem.Instance;

    /// <summary>
    /// The most vectors the store takes: the id table's limit. Lower only in tests, which cannot
    /// store half a billion vectors to reach the real one.
    /// </summary>
    internal long MaxVectorCount { get; init; } = SlotTable.MaxLiveCount;
}
