using System.Collections.Concurrent;

namespace VelesDb.Engine.Index;

/// <summary>
/// The id → slot map of one data-file generation, plus a bitmap of live slots for scans.
/// One writer (serialised by the store) and any number of lock-free readers.
/// </summary>
internal sealed class SlotIndex
{
    private readonly ConcurrentDictionary<ulong, long> _slots;
    private ulong[] _liveBits;
    private long _count;
    private long _highWater;

    public SlotIndex(long highWater, int expectedCount = 0)
    {
        _slots = new ConcurrentDictionary<ulong, long>(Environment.ProcessorCount, Math.Max(expectedCount, 31));
        _liveBits = new ulong[WordsFor(highWater)];
        _highWater = highWater;
    }

    public long Count => Volatile.Read(ref _count);

    /// <summary>Slots handed out in this generation; the next new vector goes to this slot.</summary>
    public long HighWater => Volatile.Read(ref _highWater);

    /// <summary>A snapshot reference to the live-slot bitmap (bit n set = slot n is live).</summary>
    public ulong[] LiveBits => Volatile.Read(ref _liveBits);

    public bool TryGetSlot(ulong id, out long slot) => _slots.TryGetValue(id, out slot);

    public bool Contains(ulong id) => _slots.ContainsKey(id);

    public IEnumerable<KeyValuePair<ulong, long>> Entries => _slots;

    public ICollection<ulong> Ids => _slots.Keys;

    /// <summary>Points <paramref name="id"/> at <paramref name="slot"/>; false when the slot is out of range or already live.</summary>
    public bool TryPut(ulong id, long slot)
    {
        if (slot < 0 || slot >= HighWater || IsLive(slot))
        {
            return false;
        }

        SetLive(slot, true);
        if (_slots.TryGetValue(id, out var old))
        {
            SetLive(old, false);
        }
        else
        {
            Interlocked.Increment(ref _count);
        }

        _slots[id] = slot;
        return true;
    }

    public bool Remove(ulong id)
    {
        if (!_slots.TryRemove(id, out var slot))
        {
            return false;
        }

        SetLive(slot, false);
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
