namespace VelesDb.Engine.Filters;

/// <summary>
/// The values of one attribute path for every slot, typed: bitsets say which slots have a value
/// and which values are strings, nulls or lists (the rest are numbers, booleans as 1 and 0);
/// <see cref="Numbers"/> holds every value as a number (null and lists as 0; null array: all 0),
/// <see cref="StringIds"/> the pool id of strings, <see cref="ListSpans"/> where a flat list's items
/// sit in <see cref="Elements"/> (start in the high half, count in the low; -1: a list of lists, in
/// <see cref="NestedLists"/>).
/// Readers take one instance and read it while the writer goes on: the writer replaces the
/// instance when the capacity grows or lists are compacted, and otherwise writes in place, so a
/// reader sees each slot old or new. Lazily made arrays may appear while a reader runs; readers
/// check every index, since a slot that is being written may point past what they hold.
/// </summary>
internal sealed class ColumnData
{
    public ColumnData(int capacity)
    {
        Capacity = capacity;
        var words = capacity / 64;
        Present = new ulong[words];
        Strings = new ulong[words];
        Nulls = new ulong[words];
        Lists = new ulong[words];
    }

    /// <summary>Slots this instance holds; a multiple of 64.</summary>
    public int Capacity { get; }

    public ulong[] Present { get; }

    public ulong[] Strings { get; }

    public ulong[] Nulls { get; }

    public ulong[] Lists { get; }

    public double[]? Numbers { get; set; }

    public int[]? StringIds { get; set; }

    public long[]? ListSpans { get; set; }

    public ElementPool? Elements { get; set; }

    public FilterValue[]?[]? NestedLists { get; set; }

    /// <summary>Items in <see cref="Elements"/> in use, and of those, items no slot points to any more (writer only).</summary>
    public int ElementsUsed { get; set; }

    public int ElementsGarbage { get; set; }

    public static bool Has(ulong[] bits, int slot) => (slot >> 6) < bits.Length && (bits[slot >> 6] & (1UL << slot)) != 0;

    /// <summary>A copy with room for <paramref name="capacity"/> slots (writer only).</summary>
    public ColumnData Grown(int capacity)
    {
        var grown = new ColumnData(capacity)
        {
            Numbers = Copy(Numbers, capacity),
            StringIds = Copy(StringIds, capacity),
            ListSpans = Copy(ListSpans, capacity),
            NestedLists = Copy(NestedLists, capacity),
            Elements = Elements,
            ElementsUsed = ElementsUsed,
            ElementsGarbage = ElementsGarbage,
        };
        Present.CopyTo(grown.Present, 0);
        Strings.CopyTo(grown.Strings, 0);
        Nulls.CopyTo(grown.Nulls, 0);
        Lists.CopyTo(grown.Lists, 0);
        return grown;
    }

    private static T[]? Copy<T>(T[]? source, int capacity)
    {
        if (source is null)
        {
            return null;
        }

        var copy = new T[capacity];
        source.CopyTo(copy, 0);
        return copy;
    }
}
