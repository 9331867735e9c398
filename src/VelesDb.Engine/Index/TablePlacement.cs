namespace VelesDb.Engine.Index;

/// <summary>
/// What opening a checkpoint checks about where its table's entries sit, beyond their slots
/// (<see cref="SlotIndex.FromTable"/>). A checkpoint stores the table's positions as they were in
/// memory, so it is used as read only when a lookup of every entry's id, probing from the id's
/// home, reaches that very entry; otherwise its live entries are placed again. That covers
/// checkpoints written before <see cref="SlotTable.Home"/> changed from Fibonacci hashing to a full
/// mix, whose positions follow the old hash, and it is how an id stored twice is found.
/// </summary>
internal static class TablePlacement
{
    /// <summary>
    /// Probes a sound table needs per entry on average are below 3 at the load limit; past this
    /// many per position the table is placed again instead, so a forged file cannot make the check
    /// itself quadratic.
    /// </summary>
    private const int ProbeBudgetPerPosition = 4;

    /// <summary>
    /// True when some position is empty. Without one, a lookup of an absent id has nowhere to stop:
    /// the engine keeps a table below its load limit, so only a damaged file gets here.
    /// </summary>
    public static bool HasEmptyPosition(ReadOnlySpan<SlotTable.Entry> entries)
    {
        foreach (var entry in entries)
        {
            if (entry.Slot == SlotTable.Empty)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a lookup of each entry's id (live or deleted) finds that entry first: no empty
    /// position and no other entry of the same id lies between the id's home and the entry.
    /// False as well when checking would take more probes than a sound table ever needs.
    /// </summary>
    public static bool IsFindable(SlotTable.Entry[] entries)
    {
        var mask = entries.Length - 1;
        var budget = (long)ProbeBudgetPerPosition * entries.Length;
        for (var position = 0; position < entries.Length; position++)
        {
            if (entries[position].Slot == SlotTable.Empty)
            {
                continue;
            }

            var key = entries[position].Key;
            var i = SlotTable.Home(key, mask);
            while (i != position)
            {
                if (--budget < 0 || entries[i].Slot == SlotTable.Empty || entries[i].Key == key)
                {
                    return false;
                }

                i = (i + 1) & mask;
            }
        }

        return true;
    }

    /// <summary>
    /// A table of the same capacity holding the live entries, each placed by the current hash.
    /// Null when an id is live at two positions; <paramref name="duplicatePosition"/> is then the second.
    /// </summary>
    public static SlotTable? Rehashed(SlotTable.Entry[] entries, out int duplicatePosition)
    {
        var table = new SlotTable(entries.Length);
        for (var position = 0; position < entries.Length; position++)
        {
            var entry = entries[position];
            if (entry.Slot < SlotTable.Deleted && table.Put(entry.Key, entry.Slot) >= 0)
            {
                duplicatePosition = position;
                return null;
            }
        }

        duplicatePosition = -1;
        return table;
    }
}
