using System.Numerics;

namespace VelesDb.Engine.Index;

/// <summary>
/// An open-addressing hash table from id to slot in two flat arrays (16 bytes an entry, no
/// objects), so a million ids cost tens of megabytes, no garbage collector work, and a checkpoint
/// loads with two bulk reads instead of a million inserts.
/// Concurrency: one writer, any number of lock-free readers.
/// - A value is <see cref="Empty"/>, <see cref="Deleted"/> or a slot (≥ 0). The writer stores the
///   key before publishing the value (volatile write); readers read the value first (volatile read),
///   so a reader that sees a slot sees its key.
/// - A position, once given a key, keeps that key until the table is rebuilt: a deleted position is
///   only ever revived for the same id, so a reader can never pair one id's key with another's slot.
/// - Growth and tombstone clean-up build a new table and publish it whole; the old one is not
///   touched again, so a reader still probing it sees a consistent (if older) state.
/// </summary>
internal sealed class SlotTable
{
    public const long Empty = -1;
    public const long Deleted = -2;
    private const double MaxLoad = 0.7;

    public SlotTable(int capacity)
    {
        if (capacity < 16 || !BitOperations.IsPow2(capacity))
        {
            throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "The capacity must be a power of two, at least 16.");
        }

        Keys = new ulong[capacity];
        Values = new long[capacity];
        Values.AsSpan().Fill(Empty);
    }

    /// <summary>Wraps arrays read from a checkpoint; <paramref name="used"/> counts non-empty positions.</summary>
    public SlotTable(ulong[] keys, long[] values, int used)
    {
        Keys = keys;
        Values = values;
        Used = used;
    }

    public ulong[] Keys { get; }

    public long[] Values { get; }

    public int Capacity => Keys.Length;

    /// <summary>Positions holding a key, live or deleted (writer only).</summary>
    public int Used { get; private set; }

    public bool IsCrowded => Used >= Capacity * MaxLoad;

    /// <summary>
    /// Room for <paramref name="liveCount"/> at half load at most, so a rebuilt table is always
    /// well below <see cref="MaxLoad"/> and rebuilds stay rare.
    /// </summary>
    public static int CapacityFor(long liveCount)
    {
        var wanted = Math.Max(16, (liveCount * 2) + 1);
        return checked((int)BitOperations.RoundUpToPowerOf2((ulong)wanted));
    }

    public bool TryGet(ulong id, out long slot)
    {
        var mask = Keys.Length - 1;
        for (var i = Home(id, mask); ; i = (i + 1) & mask)
        {
            var value = Volatile.Read(ref Values[i]);
            if (value == Empty)
            {
                slot = -1;
                return false;
            }

            if (Keys[i] == id)
            {
                slot = value;
                return value >= 0;
            }
        }
    }

    /// <summary>Points <paramref name="id"/> at <paramref name="slot"/>; returns the slot it had, or -1. Writer only; the caller keeps the table below its load limit.</summary>
    public long Put(ulong id, long slot)
    {
        var mask = Keys.Length - 1;
        for (var i = Home(id, mask); ; i = (i + 1) & mask)
        {
            var value = Values[i];
            if (value == Empty)
            {
                Keys[i] = id;
                Volatile.Write(ref Values[i], slot);
                Used++;
                return -1;
            }

            if (Keys[i] == id)
            {
                Volatile.Write(ref Values[i], slot);
                return value;
            }
        }
    }

    /// <summary>Removes <paramref name="id"/>; returns the slot it had, or -1. Writer only.</summary>
    public long Remove(ulong id)
    {
        var mask = Keys.Length - 1;
        for (var i = Home(id, mask); ; i = (i + 1) & mask)
        {
            var value = Values[i];
            if (value == Empty)
            {
                return -1;
            }

            if (Keys[i] == id)
            {
                if (value >= 0)
                {
                    Volatile.Write(ref Values[i], Deleted);
                }

                return value;
            }
        }
    }

    /// <summary>A new table holding only the live entries, sized for <paramref name="liveCount"/>.</summary>
    public SlotTable Rebuilt(long liveCount)
    {
        var table = new SlotTable(CapacityFor(liveCount));
        for (var i = 0; i < Keys.Length; i++)
        {
            if (Values[i] >= 0)
            {
                _ = table.Put(Keys[i], Values[i]);
            }
        }

        return table;
    }

    // Fibonacci hashing spreads sequential ids, the common case, over the whole table.
    private static int Home(ulong id, int mask) => (int)((id * 0x9E3779B97F4A7C15UL) >> 32) & mask;
}
