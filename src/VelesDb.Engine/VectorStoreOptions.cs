using VelesDb.Engine.Index;
using VelesDb.Engine.IO;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine;

/// <summary>How a store is opened. The defaults are the safe ones.</summary>
public sealed class VectorStoreOptions
{
    /// <summary>What a write has survived when it returns. <see cref="Durability.Full"/> unless asked.</summary>
    public Durability Durability { get; init; } = Durability.Full;

    /// <summary>
    /// For <see cref="MmapVectorStore.Create(string, int, VectorStoreOptions?)"/>: the new store's
    /// quantization setting (kept on disk). An open ignores it: the store's own setting stands, and
    /// <see cref="MmapVectorStore.SetQuantization"/> changes it.
    /// </summary>
    public Contract.StoreQuantization Quantization { get; init; }

    /// <summary>Accept NaN and infinite components. Off: such vectors are rejected, since they poison every distance.</summary>
    public bool AllowNonFiniteValues { get; init; }

    private const long DefaultCheckpointThresholdBytes = 32L * 1024 * 1024;

    private readonly long _checkpointThresholdBytes = DefaultCheckpointThresholdBytes;

    /// <summary>The largest <see cref="CheckpointThresholdBytes"/>: opening a store reads its whole log into memory.</summary>
    public const long MaxCheckpointThresholdBytes = 1L << 30;

    /// <summary>
    /// When the write-ahead log grows past this many bytes, the index is checkpointed and the log
    /// emptied. Bounds recovery time; a larger value checkpoints less often.
    /// </summary>
    /// <exception cref="InvalidOptionException">The value is below 1 or above <see cref="MaxCheckpointThresholdBytes"/>.</exception>
    public long CheckpointThresholdBytes
    {
        get => _checkpointThresholdBytes;
        init
        {
            if (value < 1 || value > MaxCheckpointThresholdBytes)
            {
                throw new InvalidOptionException(nameof(CheckpointThresholdBytes), value,
                    $"give a size from 1 byte to {MaxCheckpointThresholdBytes:N0} bytes (1 GiB); a store reads its whole log back into memory when it opens. The default is {DefaultCheckpointThresholdBytes:N0}.");
            }

            _checkpointThresholdBytes = value;
        }
    }

    internal IStoreFileSystem FileSystem { get; init; } = OsStoreFileSystem.Instance;

    /// <summary>
    /// The most vectors the store takes: the id table's limit. Lower only in tests, which cannot
    /// store half a billion vectors to reach the real one.
    /// </summary>
    internal long MaxVectorCount { get; init; } = SlotTable.MaxLiveCount;

    /// <summary>Slots a check reads per walk of the index (see <c>SlotScan</c>); lower only in tests, to check across many ranges.</summary>
    internal int CheckSlotsPerRange { get; init; } = 1 << 24;

    /// <summary>The longest log record a write may append; lower only in tests.</summary>
    internal long MaxLogRecordBytes { get; init; } = WalRecord.MaxFrameLength;
}
