using System.Diagnostics;
using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.IO;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Compaction;

/// <summary>
/// Copies the live slots of a generation, in slot order, into a new data file of exactly the
/// needed size, syncs it, and writes the new index checkpoint (which names the new generation)
/// beside the current one. The caller then switches by publishing that checkpoint
/// (<see cref="IndexCheckpoint.Publish"/>): until that rename the old generation is the store;
/// after it, the new one. Each slot's checksum is verified as it is copied, so compaction never
/// launders bit rot into a fresh file. Each live slot's metadata (text key, attributes) moves with it.
/// </summary>
internal static class Compactor
{
    private const int ChunkBytes = 4 * 1024 * 1024;

    public static (Generation Generation, CompactionResult Result, string PendingIndex) Run(IStoreFileSystem fs, StorePaths paths, Generation old, long sequence, IProgress<double>? progress)
    {
        var started = Stopwatch.GetTimestamp();
        var layout = old.Data.Layout;
        var live = old.Index.Count;
        var usedSlots = old.Index.HighWater;
        var newNumber = old.Number + 1;
        var newPath = paths.Data(newNumber);
        DataFile? data = null;
        try
        {
            data = DataFile.Create(fs, newPath, layout.Dimension, newNumber, layout.FileLengthFor(live));
            var index = new SlotIndex(0, live);
            index.Advance(live);
            CopyLiveSlots(old, data, index, progress);
            data.Sync();
            var pending = IndexCheckpoint.WriteTemp(fs, paths.Index, new FileHeader(FileHeader.IndexMagic, layout.Dimension, newNumber, sequence), index);
            progress?.Report(1.0);
            var result = new CompactionResult(
                Math.Max(0, old.Data.Length - data.Length),
                live,
                usedSlots - live,
                Stopwatch.GetElapsedTime(started));
            return (new Generation(newNumber, data, index), result, pending);
        }
        catch
        {
            // Nothing names the new file yet: remove it now rather than leave it to the next open.
            data?.Dispose();
            try
            {
                fs.Delete(newPath);
            }
            catch (IOException)
            {
                // The next open removes files of generations the index does not name.
            }

            throw;
        }
    }

    private static void CopyLiveSlots(Generation old, DataFile data, SlotIndex index, IProgress<double>? progress)
    {
        var layout = old.Data.Layout;
        var region = old.Data.AcquireRegion() ?? throw new ObjectDisposedException(nameof(MmapVectorStore));
        try
        {
            var chunk = new byte[Math.Max(layout.SlotSize, ChunkBytes / layout.SlotSize * layout.SlotSize)];
            var inChunk = 0;
            var written = 0L;
            var total = Math.Max(1, index.HighWater);
            var bits = old.Index.LiveBits;
            for (var slot = 0L; slot < old.Index.HighWater; slot++)
            {
                if ((bits[slot >> 6] & (1UL << (int)(slot & 63))) == 0)
                {
                    continue;
                }

                var offset = layout.OffsetOf(slot);
                var bytes = region.Bytes(offset, layout.SlotSize);
                var id = SlotLayout.ReadId(bytes);
                var meta = old.Index.MetaAt(slot);
                if (!layout.Holds(bytes, id) || !old.Index.TryGetSlot(RecordMeta.KeyOf(meta, id), out var indexed) || indexed != slot
                    || (meta?.TextKey is not null && RecordMeta.SlotIdOf(meta.KeyUtf8) != id))
                {
                    throw new StoreCorruptedException(old.Data.Path, offset, $"slot {slot} does not match its checksum or its index entry; compaction stopped and the store is unchanged.");
                }

                bytes.CopyTo(chunk.AsSpan(inChunk * layout.SlotSize));

                // The record's key text and attributes move with its slot; a dead slot's are left behind.
                _ = index.TryPut(id, written + inChunk, meta);
                if (++inChunk * layout.SlotSize == chunk.Length)
                {
                    // The disk writes this chunk while the next is copied: the final sync then finds little left.
                    data.WriteSlots(written, chunk);
                    data.StartWriteback(written, inChunk);
                    written += inChunk;
                    inChunk = 0;
                    progress?.Report((double)written / total);
                }
            }

            data.WriteSlots(written, chunk.AsSpan(0, inChunk * layout.SlotSize));
        }
        finally
        {
            region.Release();
        }
    }
}
