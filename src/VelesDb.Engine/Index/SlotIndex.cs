using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Engine.Index;

/// <summary>
/// The id → slot map of one data-file generation (<see cref="SlotTable"/>), plus a bitmap of live
/// slots for scans and the high-water mark of slots handed out. One writer (serialised by the
/// store) and any number of lock-free readers. Point lookups see each id atomically; a scan takes
/// a point-in-time copy of the bitmap (<see cref="SnapshotLiveSlots"/>), guarded by a sequence
/// counter the writer bumps around every batch, so it sees each batch wholly or not at all.
/// Records with a text key or attributes carry a <see cref="RecordMeta"/> per slot; text keys map
/// to their slots beside the integer table. A slot's metadata is set before the slot goes live and
/// is never changed while the generation lives (a dead slot keeps it until compaction), so a
/// reader that found a slot reads its metadata without a lock.
/// </summary>
internal sealed class SlotIndex
{
    private SlotTable _table;
    private ulong[] _liveBits;
    private long _count;
    private long _highWater;
    private long _changeSequence;
    /// <summary>The last slot that can hold a text key or attributes: metadata and attribute columns number slots with an int.</summary>
    public const long MaxMetaSlot = int.MaxValue - 1;

    private RecordMeta?[]? _metas;
    private ConcurrentDictionary<string, long>? _textSlots;
    private long _keyBytes;
    private long _attributeBytes;

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

    /// <summary>Live records with a text key.</summary>
    public long TextCount => Volatile.Read(ref _textSlots)?.Count ?? 0;

    /// <summary>UTF-8 bytes of the live text keys.</summary>
    public long KeyBytes => Volatile.Read(ref _keyBytes);

    /// <summary>Compact JSON bytes of the live records' attributes.</summary>
    public long AttributeBytes => Volatile.Read(ref _attributeBytes);

    /// <summary>True once any slot has had a text key or attributes.</summary>
    public bool HasMetas => Volatile.Read(ref _metas) is not null;

    /// <summary>The live slots' attributes as columns, for filters.</summary>
    public DeferredColumns Columns { get; } = new();

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
        var live = 0L;
        var entries = table.Entries;
        // Not yet shared with any reader: the bitmap is filled with plain writes, in one pass.
        var bits = index._liveBits;
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

            var mask = 1UL << (int)(slot & 63);
            if ((ulong)slot >= (ulong)highWater || (bits[slot >> 6] & mask) != 0)
            {
                badPosition = i;
                return null;
            }

            bits[slot >> 6] |= mask;
            live++;
        }

        index._count = live;

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

    public bool TryGetSlot(RecordKey key, out long slot)
    {
        if (!key.IsText)
        {
            return TryGetSlot(key.Number, out slot);
        }

        slot = -1;
        return Volatile.Read(ref _textSlots)?.TryGetValue(key.Text!, out slot) == true;
    }

    public bool Contains(RecordKey key) => TryGetSlot(key, out _);

    /// <summary>The metadata of <paramref name="slot"/>, or null when it has none.</summary>
    public RecordMeta? MetaAt(long slot)
    {
        var metas = Volatile.Read(ref _metas);
        return metas is not null && slot < metas.Length ? Volatile.Read(ref metas[slot]) : null;
    }

    /// <summary>The key of the record in a live <paramref name="slot"/> whose id field holds <paramref name="slotId"/>.</summary>
    public RecordKey KeyAt(long slot, ulong slotId) => RecordMeta.KeyOf(MetaAt(slot), slotId);

    /// <summary>Every live text key and its slot.</summary>
    public IEnumerable<KeyValuePair<string, long>> TextEntries => Volatile.Read(ref _textSlots) ?? Enumerable.Empty<KeyValuePair<string, long>>();

    /// <summary>Every live slot that has metadata, in slot order; a consistent snapshot only while no write runs.</summary>
    public IEnumerable<(long Slot, RecordMeta Meta)> LiveMetas
    {
        get
        {
            var metas = Volatile.Read(ref _metas);
            if (metas is null)
            {
                yield break;
            }

            var highWater = Math.Min(HighWater, metas.Length);
            for (var slot = 0L; slot < highWater; slot++)
            {
                if (IsLive(slot) && Volatile.Read(ref metas[slot]) is { } meta)
                {
                    yield return (slot, meta);
                }
            }
        }
    }

    /// <summary>
    /// Gives a slot the metadata a checkpoint holds for it: a text key for a slot not yet live, or
    /// attributes for a live integer-keyed slot. False when that does not fit the index so far.
    /// Only while the index is being opened.
    /// </summary>
    public bool TryRestore(long slot, RecordMeta meta)
    {
        if (slot < 0 || slot >= HighWater || slot > MaxMetaSlot)
        {
            return false;
        }

        if (meta.TextKey is { } text)
        {
            return !IsLive(slot) && !Contains(RecordKey.FromStoredText(text)) && TryPutText(text, slot, meta);
        }

        if (!IsLive(slot) || MetaAt(slot) is not null || meta.Attributes is null)
        {
            return false;
        }

        SetMeta(slot, meta);
        return true;
    }

    /// <summary>
    /// The id table's positions as they are now, for a scan that walks them itself (live ones have
    /// a slot below <see cref="SlotTable.Deleted"/>); read each slot with a volatile read.
    /// </summary>
    public SlotTable.Entry[] TablePositions => Volatile.Read(ref _table).Entries;

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

    /// <summary>
    /// How many records the index would hold after putting <paramref name="distinctKeys"/> (each
    /// once), as <see cref="CountAfterPutting(ReadOnlySpan{ulong}, long)"/>.
    /// </summary>
    public long CountAfterPutting(IReadOnlyList<RecordKey> distinctKeys, long maxCount)
    {
        var count = Count;
        if (count + distinctKeys.Count <= maxCount)
        {
            return count + distinctKeys.Count;
        }

        foreach (var key in distinctKeys)
        {
            count += Contains(key) ? 0 : 1;
        }

        return count;
    }

    /// <summary>Hands out the slots of a written batch and points its ids at them, as one change for scanners.</summary>
    public void PutBatch(long firstSlot, ReadOnlySpan<ulong> ids) => PutBatch(firstSlot, ids, default);

    /// <summary>
    /// As <see cref="PutBatch(long, ReadOnlySpan{ulong})"/>, with each slot's metadata
    /// (<paramref name="metas"/> empty, or one per id: a text key's slot goes to that key).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PutBatch(long firstSlot, ReadOnlySpan<ulong> ids, ReadOnlySpan<RecordMeta?> metas)
    {
        BeginChange();
        try
        {
            Advance(ids.Length);
            for (var i = 0; i < ids.Length; i++)
            {
                _ = TryPut(ids[i], firstSlot + i, metas.IsEmpty ? null : metas[i]);
            }
        }
        finally
        {
            EndChange();
        }
    }

    /// <summary>Removes ids as one change for scanners; returns how many were there.</summary>
    public int RemoveBatch(ReadOnlySpan<ulong> ids) => RemoveEach(ids, Remove);

    /// <summary>Removes records by key as one change for scanners; returns how many were there.</summary>
    public int RemoveBatch(ReadOnlySpan<RecordKey> keys) => RemoveEach(keys, Remove);

    private int RemoveEach<T>(ReadOnlySpan<T> keys, Func<T, bool> remove)
    {
        BeginChange();
        try
        {
            var removed = 0;
            foreach (var key in keys)
            {
                removed += remove(key) ? 1 : 0;
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
    public bool TryPut(ulong id, long slot) => TryPut(id, slot, null);

    /// <summary>
    /// As <see cref="TryPut(ulong, long)"/>, giving the slot <paramref name="meta"/>; a slot with a
    /// text key goes to that key, and <paramref name="id"/> is then only what the slot holds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryPut(ulong id, long slot, RecordMeta? meta)
    {
        if (slot < 0 || slot >= HighWater || slot > SlotTable.MaxSlot || IsLive(slot))
        {
            return false;
        }

        if (meta?.TextKey is { } text)
        {
            return TryPutText(text, slot, meta);
        }

        SetMeta(slot, meta);

        if (_table.IsCrowded)
        {
            // Sized for one more, unless this put overwrites at the limit (new ids are refused there).
            Volatile.Write(ref _table, _table.Rebuilt(Math.Min(Count + 1, SlotTable.MaxLiveCount)));
        }

        SetLive(slot, true);
        var old = _table.Put(id, slot);
        if (old >= 0)
        {
            Kill(old);
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

        Kill(old);
        Interlocked.Decrement(ref _count);
        return true;
    }

    public bool Remove(RecordKey key)
    {
        if (!key.IsText)
        {
            return Remove(key.Number);
        }

        if (Volatile.Read(ref _textSlots) is not { } texts || !texts.TryRemove(key.Text!, out var old))
        {
            return false;
        }

        Kill(old);
        Interlocked.Decrement(ref _count);
        return true;
    }

    private bool TryPutText(string text, long slot, RecordMeta meta)
    {
        if (_textSlots is null)
        {
            Volatile.Write(ref _textSlots, new ConcurrentDictionary<string, long>(StringComparer.Ordinal));
        }

        SetMeta(slot, meta);
        SetLive(slot, true);
        var replaced = false;
        var old = -1L;
        _textSlots!.AddOrUpdate(text, slot, (_, previous) =>
        {
            replaced = true;
            old = previous;
            return slot;
        });
        if (replaced)
        {
            Kill(old);
        }
        else
        {
            Interlocked.Increment(ref _count);
        }

        return true;
    }

    /// <summary>Marks a slot dead; its metadata stays for readers that found it before, until compaction.</summary>
    private void Kill(long slot)
    {
        SetLive(slot, false);
        if (MetaAt(slot) is { } meta)
        {
            Interlocked.Add(ref _keyBytes, -meta.KeyUtf8.Length);
            Interlocked.Add(ref _attributeBytes, -meta.AttributeBytes);
            if (meta.Attributes is not null)
            {
                Columns.Clear(checked((int)slot));
            }
        }
    }

    private void SetMeta(long slot, RecordMeta? meta)
    {
        if (meta is null)
        {
            return;
        }

        if (_metas is null || slot >= _metas.Length)
        {
            // Doubling, within the slots handed out: a checkpoint may name a high slot first.
            var grown = new RecordMeta?[Math.Max(slot + 1, Math.Min(_liveBits.Length * 64L, Math.Max(1024L, (_metas?.Length ?? 0) * 2L)))];
            _metas?.CopyTo(grown, 0);
            Volatile.Write(ref _metas, grown);
        }

        Volatile.Write(ref _metas![slot], meta);
        Interlocked.Add(ref _keyBytes, meta.KeyUtf8.Length);
        Interlocked.Add(ref _attributeBytes, meta.AttributeBytes);
        if (meta.Attributes is not null)
        {
            Columns.Set(checked((int)slot), meta.Attributes);
        }
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
