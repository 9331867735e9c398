using System.Runtime.CompilerServices;

namespace VelesDb.Engine.Index;

/// <summary>
/// The id → slot map of one data-file generation (<see cref="SlotTable"/>), plus a bitmap of live
/// slots for scans and the high-water mark of slots handed out. One writer (serialised by the
/// store) and any number of lock-free readers. Point lookups see each id atomically; a scan takes
/// a point-in-time copy of the bitmap (<see cref="SnapshotLiveSlots"/>), guarded by a sequence
/// counter the writer bumps around every batch, so it sees each batch wholly or not at all.
/// </summary>
internal sealed class SlotIndex
{
    private SlotTable _table;
    private ulong[] _liveBits;
    private long _count;
    private long _highWater;
    private long _changeSequence;

    public SlotIndex(long highWater, long expectedCount = 0)
        : this(new SlotTable(SlotTable.CapacityFor(expectedCount)), highWater)
    {
    }

    private SlotIndex(SlotTable table, long highWater)
    {
        _table = table;
        _liveBits = new ulong[WordsFor(highWater)];
        _highWater = highWater;
    }

    public long Count => Volatile.Read(ref _count);

    /// <summary>Slots handed out in this generation; the next new vector goes to this slot.</summary>
    public long HighWater => Volatile.Read(ref _highWater);

    /// <summary>A snapshot reference to the live-slot bitmap (bit n set = slot n is live).</summary>
    public ulong[] LiveBits => Volatile.Read(ref _liveBits);

    /// <summary>The current table, for checkpoints (writer only).</summary>
    public SlotTable Table => _table;

    /// <summary>
    /// An index over a table read from a checkpoint. Checks every value and builds the live
    /// bitmap; returns null, with the position of the first bad entry, when the table is not sound.
    /// </summary>
    public static SlotIndex? FromTable(SlotTable table, long highWater, long expectedCount, out int badPosition)
    {
        var index = new SlotIndex(table, highWater);
        var used = 0;
        var entries = table.Entries;
        for (var i = 0; i < entries.Length; i++)
        {
            var slot = entries[i].Slot;
            if (slot == SlotTable.Empty)
            {
                continue;
            }

            used++;
            if (slot == SlotTable.Deleted)
            {
                continue;
            }

            if (slot >= highWater || index.IsLive(slot))
            {
                badPosition = i;
                return null;
            }

            index.SetLive(slot, true);
            index._count++;
        }

        badPosition = -1;
        if (index._count != expectedCount)
        {
            return null;
        }

        index._table = new SlotTable(entries, used);
        return index;
    }

    /// <summary>
    /// Swaps in a table holding the same live entries placed differently (<see cref="TablePlacement"/>).
    /// Only while the index is being opened, before any reader or writer has it.
    /// </summary>
    public void UseTable(SlotTable table) => _table = table;

    public bool TryGetSlot(ulong id, out long slot) => Volatile.Read(ref _table).TryGet(id, out slot);

    public bool Contains(ulong id) => TryGetSlot(id, out _);

    /// <summary>Every live (id, slot) pair; a consistent snapshot only while no write runs.</summary>
    public IEnumerable<KeyValuePair<ulong, long>> Entries
    {
        get
        {
            var entries = Volatile.Read(ref _table).Entries;
            for (var i = 0; i < entries.Length; i++)
            {
                var slot = Volatile.Read(ref entries[i].Slot);
                if (slot < SlotTable.Deleted)
                {
                    yield return new KeyValuePair<ulong, long>(entries[i].Key, slot);
                }
            }
        }
    }

    public ulong[] SnapshotIds()
    {
        var ids = new List<ulong>((int)Math.Min(Count, int.MaxValue));
        foreach (var (id, _) in Entries)
        {
            ids.Add(id);
        }

        return [.. ids];
    }

    /// <summary>
    /// How many vectors the index would hold after putting <paramref name="distinctIds"/> (each
    /// once). Looks the ids up only when the batch could reach <paramref name="maxCount"/>: far from
    /// the limit the answer is known without them.
    /// </summary>
    public long CountAfterPutting(ReadOnlySpan<ulong> distinctIds, long maxCount)
    {
        var count = Count;
        if (count + distinctIds.Length <= maxCount)
        {
            return count + distinctIds.Length;
        }

        foreach (var id in distinctIds)
        {
            count += Contains(id) ? 0 : 1;
        }

        return count;
    }

    /// <summary>Hands out the slots of a written batch and points its ids at them, as one change for scanners.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PutBatch(long firstSlot, ReadOnlySpan<ulong> ids)
    {
        BeginChange();
        try
        {
            Advance(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                _ = TryPut(ids[i], firstSlot + i);
            }
        }
        finally
        {
            EndChange();
        }
    }

    /// <summary>Removes ids as one change for scanners; returns how many were there.</summary>
    public int RemoveBatch(ReadOnlySpan<ulong> ids)
    {
        BeginChange();
        try
        {
            var removed = 0;
            foreach (var id in ids)
            {
                removed += Remove(id) ? 1 : 0;
            }

            return removed;
        }
        finally
        {
            EndChange();
        }
    }

    /// <summary>
    /// A copy of the live-slot bitmap between batches, and the number of slots it covers. Retries
    /// while a batch is being applied; copying is microseconds, batches are far apart in comparison.
    /// </summary>
    public ulong[] SnapshotLiveSlots(out long slots)
    {
        var spin = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref _changeSequence);
            if ((before & 1) == 0)
            {
                var highWater = HighWater;
                var bits = LiveBits;
                var copy = bits.AsSpan(0, Math.Min(bits.Length, WordsFor(highWater))).ToArray();
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _changeSequence) == before)
                {
                    slots = Math.Min(highWater, (long)copy.Length * 64);
                    return copy;
                }
            }

            spin.SpinOnce();
        }
    }

    /// <summary>Points <paramref name="id"/> at <paramref name="slot"/>; false when the slot is out of range or already live.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPut(ulong id, long slot)
    {
        if (slot < 0 || slot >= HighWater || slot > SlotTable.MaxSlot || IsLive(slot))
        {
            return false;
        }

        if (_table.IsCrowded)
        {
            // Sized for one more, unless this put overwrites at the limit (new ids are refused there).
            Volatile.Write(ref _table, _table.Rebuilt(Math.Min(Count + 1, SlotTable.MaxLiveCount)));
        }

        SetLive(slot, true);
        var old = _table.Put(id, slot);
        if (old >= 0)
        {
            SetLive(old, false);
        }
        else
        {
            Interlocked.Increment(ref _count);
        }

        return true;
    }

    public bool Remove(ulong id)
    {
        var old = _table.Remove(id);
        if (old < 0)
        {
            return false;
        }

        SetLive(old, false);
        Interlocked.Decrement(ref _count);
        return true;
    }

    /// <summary>Hands out <paramref name="slots"/> new slots; call only once they are written.</summary>
    public void Advance(long slots)
    {
        var newHighWater = HighWater + slots;
        var bits = _liveBits;
        if (WordsFor(newHighWater) > bits.Length)
        {
            var grown = new ulong[Math.Max(WordsFor(newHighWater), bits.Length * 2)];
            bits.CopyTo(grown, 0);
            Volatile.Write(ref _liveBits, grown);
        }

        Volatile.Write(ref _highWater, newHighWater);
    }

    private void BeginChange() => Interlocked.Increment(ref _changeSequence);

    private void EndChange() => Interlocked.Increment(ref _changeSequence);

    private bool IsLive(long slot) => (_liveBits[slot >> 6] & (1UL << (int)(slot & 63))) != 0;

    private void SetLive(long slot, bool live)
    {
        var bits = _liveBits;
        ref var word = ref bits[slot >> 6];
        var mask = 1UL << (int)(slot & 63);
        Volatile.Write(ref word, live ? word | mask : word & ~mask);
    }

    private static int WordsFor(long slots) => checked((int)((slots + 63) >> 6));
}
