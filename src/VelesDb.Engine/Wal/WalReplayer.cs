using VelesDb.Engine.Contract;
using VelesDb.Engine.Index;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Wal;

/// <summary>
/// Applies the log records that came after the checkpoint. A Put is applied only if its slots
/// are the next ones in order and every slot still holds exactly what the record says (id and
/// checksum): after a power cut the log can reach the disk while the slots it names did not,
/// and such a batch was never acknowledged. A PutInline carries its slots, which are written
/// again (slots are written once per generation, so this redo is idempotent). The first record
/// that fails ends the replay.
/// A Put that would take the index past its vector limit is skipped, its slots handed out and left
/// unreferenced: earlier versions logged such a batch before finding it did not fit, and reported
/// it failed; the records after it were acknowledged, and their slots follow its slots.
/// </summary>
internal static class WalReplayer
{
    /// <summary>Returns the sequence of the last record applied (or <paramref name="checkpointSequence"/>).</summary>
    public static long Replay(IReadOnlyList<WalRecord> records, long checkpointSequence, DataFile data, SlotIndex index, out int refused) =>
        Replay(records, checkpointSequence, data, index, SlotTable.MaxLiveCount, out refused);

    /// <summary>As above, with the index's vector limit <paramref name="maxCount"/> given (lower only in tests).</summary>
    public static long Replay(IReadOnlyList<WalRecord> records, long checkpointSequence, DataFile data, SlotIndex index, long maxCount, out int refused)
    {
        var last = checkpointSequence;
        refused = 0;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Sequence <= checkpointSequence)
            {
                continue;
            }

            var applied = record.Kind switch
            {
                WalRecordKind.Put => TryApplyPut(record, data, index, maxCount),
                WalRecordKind.PutInline => TryRedoInlinePut(record, data, index, maxCount),
                WalRecordKind.DeleteKeys => ApplyDeleteKeys(record, index),
                _ => ApplyDelete(record, index),
            };
            if (!applied)
            {
                refused = records.Count - i;
                break;
            }

            last = record.Sequence;
        }

        return last;
    }

    private static bool TryApplyPut(WalRecord record, DataFile data, SlotIndex index, long maxCount)
    {
        var first = index.HighWater;
        var puts = record.Puts;
        if (puts.Length == 0 || first + puts.Length > data.CapacitySlots)
        {
            return false;
        }

        var region = data.AcquireRegion() ?? throw new ObjectDisposedException(nameof(DataFile));
        try
        {
            var layout = data.Layout;
            for (var i = 0; i < puts.Length; i++)
            {
                var put = puts[i];
                if (put.Slot != first + i)
                {
                    return false;
                }

                var slot = region.Bytes(layout.OffsetOf(put.Slot), layout.SlotSize);
                if (!layout.IsIntact(slot, put.Id, put.Checksum))
                {
                    return false;
                }
            }
        }
        finally
        {
            region.Release();
        }

        PutAll(record, index, maxCount);
        return true;
    }

    private static bool TryRedoInlinePut(WalRecord record, DataFile data, SlotIndex index, long maxCount)
    {
        var first = index.HighWater;
        var layout = data.Layout;
        var slots = record.InlineSlots!;
        for (var i = 0; i < record.Puts.Length; i++)
        {
            var put = record.Puts[i];
            if (put.Slot != first + i || !layout.IsIntact(slots.AsSpan(i * layout.SlotSize, layout.SlotSize), put.Id, put.Checksum))
            {
                return false;
            }
        }

        // A growth that was not yet durable may be missing after a power cut: grow again.
        _ = data.EnsureCapacity(first + record.Puts.Length);
        data.WriteSlots(first, slots);
        PutAll(record, index, maxCount);
        return true;
    }

    /// <summary>Hands out the record's slots and points its keys there, unless that would pass <paramref name="maxCount"/>.</summary>
    private static void PutAll(WalRecord record, SlotIndex index, long maxCount)
    {
        var puts = record.Puts;
        var metas = record.Metas;
        index.Advance(puts.Length);
        if (index.Count + puts.Length > maxCount)
        {
            var keys = new RecordKey[puts.Length];
            for (var i = 0; i < puts.Length; i++)
            {
                keys[i] = RecordMeta.KeyOf(metas?[i], puts[i].Id);
            }

            if (index.CountAfterPutting([.. keys.Distinct()], maxCount) > maxCount)
            {
                return;
            }
        }

        for (var i = 0; i < puts.Length; i++)
        {
            _ = index.TryPut(puts[i].Id, puts[i].Slot, metas?[i]);
        }
    }

    private static bool ApplyDeleteKeys(WalRecord record, SlotIndex index)
    {
        foreach (var key in record.DeletedKeys!)
        {
            _ = index.Remove(key);
        }

        return true;
    }

    private static bool ApplyDelete(WalRecord record, SlotIndex index)
    {
        foreach (var id in record.Deletes)
        {
            _ = index.Remove(id);
        }

        return true;
    }
}
