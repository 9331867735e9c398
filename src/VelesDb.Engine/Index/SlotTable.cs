using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VelesDb.Engine.Index;

/// <summary>
/// An open-addressing hash table from id to slot in one flat array of 12-byte entries (no
/// objects, one cache line per probe), so a million ids cost about 25 MB, no garbage-collector
/// work, and a checkpoint loads with one bulk read instead of a million inserts.
/// Concurrency: one writer, any number of lock-free readers.
/// - An entry's slot is <see cref="Empty"/>, <see cref="Deleted"/> or a slot number. The writer
///   stores the key before publishing the slot (volatile write); readers read the slot first
///   (volatile read), so a reader that sees a slot sees its key.
/// - An entry, once given a key, keeps that key until the table is rebuilt: a deleted entry is
///   only ever revived for the same id, so a reader can never pair one id's key with another's slot.
/// - Growth and tombstone clean-up build a new table and publish it whole; the old one is not
///   touched again, so a reader still probing it sees a consistent (if older) state.
/// - A probe visits each position at most once, whatever the entries say: a table read from a
///   damaged or forged file ends a lookup instead of spinning (see <see cref="TablePlacement"/>
///   for what opening checks).
/// </summary>
internal sealed class SlotTable
{
    public const uint Empty = uint.MaxValue;
    public const uint Deleted = uint.MaxValue - 1;

    /// <summary>The largest slot number an entry can hold.</summary>
    public const long MaxSlot = uint.MaxValue - 2;

    /// <summary>The largest table: entries are array elements, and arrays stop short of 2^31.</summary>
    public const int MaxCapacity = 1 << 30;

    /// <summary>
    /// The most live entries a table holds: the most for which <see cref="CapacityFor"/> still
    /// fits in <see cref="MaxCapacity"/>. Writes check it before they commit anything.
    /// </summary>
    public const long MaxLiveCount = (MaxCapacity - 1) / 2;

    private const double MaxLoad = 0.7;

    public SlotTable(int capacity)
    {
        if (capacity < 16 || capacity > MaxCapacity || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a power of two from 16 to 2^30.");
        }

        Entries = new Entry[capacity];
        Entries.AsSpan().Fill(new Entry(0, Empty));
    }

    /// <summary>Wraps entries read from a checkpoint; <paramref name="used"/> counts entries with a key.</summary>
    public SlotTable(Entry[] entries, int used)
    {
        Entries = entries;
        Used = used;
    }

    public Entry[] Entries { get; }

    public int Capacity => Entries.Length;

    /// <summary>Entries holding a key, live or deleted (writer only).</summary>
    public int Used { get; private set; }

    public bool IsCrowded => Used >= Capacity * MaxLoad;

    /// <summary>
    /// Room for <paramref name="liveCount"/> at half load at most, so a rebuilt table is always
    /// well below <see cref="MaxLoad"/> and rebuilds stay rare.
    /// </summary>
    public static int CapacityFor(long liveCount)
    {
        var wanted = Math.Max(16, (liveCount * 2) + 1);
        if (wanted > MaxCapacity)
        {
            throw new InvalidOperationException($"A store holds at most {MaxLiveCount:N0} vectors; this one would hold {liveCount:N0}.");
        }

        return (int)BitOperations.RoundUpToPowerOf2((ulong)wanted);
    }

    public bool TryGet(ulong id, out long slot)
    {
        var entries = Entries;
        var mask = entries.Length - 1;
        for (int i = Home(id, mask), probes = 0; probes < entries.Length; i = (i + 1) & mask, probes++)
        {
            var value = Volatile.Read(ref entries[i].Slot);
            if (value == Empty)
            {
                break;
            }

            if (entries[i].Key == id)
            {
                slot = value;
                return value != Deleted;
            }
        }

        slot = -1;
        return false;
    }

    /// <summary>Points <paramref name="id"/> at <paramref name="slot"/>; returns the slot it had, or -1. Writer only; the caller keeps the table below its load limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Put(ulong id, long slot)
    {
        var entries = Entries;
        var mask = entries.Length - 1;
        for (int i = Home(id, mask), probes = 0; probes < entries.Length; i = (i + 1) & mask, probes++)
        {
            var value = entries[i].Slot;
            if (value == Empty)
            {
                entries[i].Key = id;
                Volatile.Write(ref entries[i].Slot, (uint)slot);
                Used++;
                return -1;
            }

            if (entries[i].Key == id)
            {
                Volatile.Write(ref entries[i].Slot, (uint)slot);
                return value == Deleted ? -1 : value;
            }
        }

        // Only a table that came from a damaged file can be without an empty position.
        throw new InvalidOperationException($"The id table has no free position for id {id}: all {entries.Length} are taken.");
    }

    /// <summary>Removes <paramref name="id"/>; returns the slot it had, or -1. Writer only.</summary>
    public long Remove(ulong id)
    {
        var entries = Entries;
        var mask = entries.Length - 1;
        for (int i = Home(id, mask), probes = 0; probes < entries.Length; i = (i + 1) & mask, probes++)
        {
            var value = entries[i].Slot;
            if (value == Empty)
            {
                return -1;
            }

            if (entries[i].Key == id)
            {
                if (value == Deleted)
                {
                    return -1;
                }

                Volatile.Write(ref entries[i].Slot, Deleted);
                return value;
            }
        }

        return -1;
    }

    /// <summary>A new table holding only the live entries, sized for <paramref name="liveCount"/>.</summary>
    public SlotTable Rebuilt(long liveCount)
    {
        var table = new SlotTable(CapacityFor(liveCount));
        foreach (var entry in Entries)
        {
            if (entry.Slot < Deleted)
            {
                _ = table.Put(entry.Key, entry.Slot);
            }
        }

        return table;
    }

    /// <summary>
    /// Where the probe for <paramref name="id"/> starts. Every bit of the id must reach the low bits
    /// the mask keeps: ids that differ only in their high bits (a tenant or shard number shifted to
    /// the top, <c>k &lt;&lt; 48</c>) otherwise share a handful of home positions and every probe
    /// walks one long cluster. The splitmix64 finalizer mixes all 64 bits into all 64 bits for three
    /// multiplies' worth of work, and still spreads sequential ids, the common case, evenly.
    /// </summary>
    internal static int Home(ulong id, int mask)
    {
        var z = id;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)z & mask;
    }

    /// <summary>One table position: 12 bytes, little-endian on disk exactly as in memory.</summary>
    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    internal struct Entry(ulong key, uint slot)
    {
        public ulong Key = key;
        public uint Slot = slot;
    }
}
