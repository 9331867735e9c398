using VelesDb.Engine.Format;
using VelesDb.Engine.IO;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine.Verification;

/// <summary>
/// Reads a live store's write-ahead log back from its file, through a handle of its own, and checks
/// that its header is the one the store wrote and that its records decode, in sequence, up to the
/// length the store had appended when the check began. What it finds is a candidate only: a
/// checkpoint may empty the log while it reads, which the caller rules out before reporting it.
/// </summary>
internal static class LogScan
{
    /// <summary>The first damage in the log's first <paramref name="validLength"/> bytes, or null when they decode.</summary>
    public static StoreDamage? Run(IStoreFileSystem fileSystem, string path, FileHeader expected, long validLength, CancellationToken cancellationToken)
    {
        using var file = fileSystem.Open(path, create: false);
        var reader = new WalReader(file);
        var head = reader.Bytes(0, WriteAheadLog.HeaderSize);
        try
        {
            var header = FileHeader.Read(head, FileHeader.WalMagic, path);
            if (header.Generation != expected.Generation || header.Sequence != expected.Sequence || header.Dimension != expected.Dimension)
            {
                return Damage(path, 0, "the log's header does not name the generation and sequence the store wrote into it.");
            }
        }
        catch (StoreCorruptedException e)
        {
            return Damage(path, e.Offset, $"the log's header is damaged: {e.Message}");
        }

        var slotSize = new SlotLayout(expected.Dimension).SlotSize;
        var offset = (long)WriteAheadLog.HeaderSize;
        var sequence = expected.Sequence + 1;
        while (offset < validLength)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!reader.TryRead(offset, slotSize, out var record, out var length) || record!.Sequence != sequence || offset + length > validLength)
            {
                return Damage(path, offset,
                    $"log record {sequence} does not decode (damaged or torn), so the {validLength - offset} bytes of log from here on would be lost when the store is next opened; a repair checkpoints the index and empties the log.");
            }

            offset += length;
            sequence++;
        }

        return null;
    }

    private static StoreDamage Damage(string path, long offset, string problem) => new(null, path, offset, DamageKind.Log, problem);
}
