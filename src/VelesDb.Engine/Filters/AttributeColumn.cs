namespace VelesDb.Engine.Filters;

/// <summary>
/// The values one attribute path takes across slots (see <see cref="ColumnData"/>). One writer
/// sets and clears slots; readers take <see cref="Data"/> once per pass.
/// </summary>
internal sealed class AttributeColumn(int id)
{
    private const int CompactAfterGarbage = 4096;

    private ColumnData _data = new(0);

    /// <summary>The column's number among its set's columns.</summary>
    public int Id { get; } = id;

    public ColumnData Data => Volatile.Read(ref _data);

    public void SetNumber(int slot, double value)
    {
        var data = Room(slot);
        WriteNumber(data, slot, value);
        Publish(data.Present, slot);
    }

    public void SetString(int slot, string text, StringPool strings) => SetString(slot, strings.Acquire(text), strings);

    /// <summary>A string value already counted in <paramref name="strings"/> under <paramref name="id"/>.</summary>
    public void SetString(int slot, int id, StringPool strings)
    {
        var data = Room(slot);
        var ids = data.StringIds ??= new int[data.Capacity];
        ids[slot] = id;
        WriteNumber(data, slot, NumericText.ToNumber(strings.Text(id)!));
        SetBit(data.Strings, slot);
        Publish(data.Present, slot);
    }

    public void SetNull(int slot)
    {
        var data = Room(slot);
        WriteNumber(data, slot, 0);
        SetBit(data.Nulls, slot);
        Publish(data.Present, slot);
    }

    /// <summary>A list value; flat lists go to the element pool, lists of lists are kept as they are.</summary>
    public void SetList(int slot, FilterValue[] items, StringPool strings)
    {
        if (Array.Exists(items, i => i.Kind == FilterValueKind.Tuple))
        {
            var data = Room(slot);
            (data.NestedLists ??= new FilterValue[]?[data.Capacity])[slot] = items;
            (data.ListSpans ??= new long[data.Capacity])[slot] = -1;
            FinishList(data, slot);
            return;
        }

        var flat = new ListItem[items.Length];
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            flat[i] = new ListItem(item.Kind switch
            {
                FilterValueKind.String => strings.Acquire(item.Text!),
                FilterValueKind.Null => ElementPool.NullCode,
                _ => ElementPool.NumberCode,
            }, item.ToNumber());
        }

        SetFlatList(slot, flat);
    }

    /// <summary>A list of numbers, strings (already counted in the pool) and nulls.</summary>
    public void SetFlatList(int slot, ReadOnlySpan<ListItem> items)
    {
        var data = Room(slot);
        var spans = data.ListSpans ??= new long[data.Capacity];
        var pool = PoolWithRoom(data, items.Length);
        var start = data.ElementsUsed;
        for (var i = 0; i < items.Length; i++)
        {
            pool.Codes[start + i] = items[i].Code;
            var number = items[i].Number;
            if (BitConverter.DoubleToInt64Bits(number) != 0)
            {
                (pool.Numbers ??= new double[pool.Capacity])[start + i] = number;
            }
        }

        data.ElementsUsed = start + items.Length;
        spans[slot] = ((long)start << 32) | (uint)items.Length;
        FinishList(data, slot);
    }

    private static void FinishList(ColumnData data, int slot)
    {
        WriteNumber(data, slot, 0);
        SetBit(data.Lists, slot);
        Publish(data.Present, slot);
    }

    /// <summary>Removes the slot's value, if any, releasing its strings.</summary>
    public void Clear(int slot, StringPool strings)
    {
        var data = _data;
        if (!ColumnData.Has(data.Present, slot))
        {
            return;
        }

        var word = slot >> 6;
        var bit = 1UL << slot;
        var wasString = (data.Strings[word] & bit) != 0;
        var wasList = (data.Lists[word] & bit) != 0;
        // Every bit goes before the list is released: compaction copies the bits as they are then.
        Volatile.Write(ref data.Present[word], data.Present[word] & ~bit);
        data.Strings[word] &= ~bit;
        data.Lists[word] &= ~bit;
        data.Nulls[word] &= ~bit;
        if (wasString)
        {
            strings.Release(data.StringIds![slot]);
        }
        else if (wasList)
        {
            ClearList(data, slot, strings);
        }
    }

    private void ClearList(ColumnData data, int slot, StringPool strings)
    {
        var span = data.ListSpans![slot];
        if (span == -1)
        {
            data.NestedLists![slot] = null;
            return;
        }

        var start = (int)(span >> 32);
        var count = (int)(uint)span;
        var codes = data.Elements!.Codes;
        for (var i = start; i < start + count; i++)
        {
            if (codes[i] >= 0)
            {
                strings.Release(codes[i]);
            }
        }

        data.ElementsGarbage += count;
        if (data.ElementsGarbage > CompactAfterGarbage && data.ElementsGarbage * 2 > data.ElementsUsed)
        {
            Compact(data, slot);
        }
    }

    // Moves live list items together in a new instance: readers of the old one keep consistent spans.
    private void Compact(ColumnData data, int clearing)
    {
        var compacted = data.Grown(data.Capacity);
        var live = data.ElementsUsed - data.ElementsGarbage;
        var pool = new ElementPool(Math.Max(64, live * 2));
        var used = 0;
        var old = data.Elements!;
        var spans = compacted.ListSpans!;
        for (var word = 0; word < data.Lists.Length; word++)
        {
            var bits = data.Lists[word] & data.Present[word];
            while (bits != 0)
            {
                var slot = (word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                bits &= bits - 1;
                var span = spans[slot];
                if (slot == clearing || span == -1)
                {
                    continue;
                }

                var start = (int)(span >> 32);
                var count = (int)(uint)span;
                if (old.Numbers is not null)
                {
                    Array.Copy(old.Numbers, start, pool.Numbers ??= new double[pool.Capacity], used, count);
                }

                Array.Copy(old.Codes, start, pool.Codes, used, count);
                spans[slot] = ((long)used << 32) | (uint)count;
                used += count;
            }
        }

        compacted.Elements = pool;
        compacted.ElementsUsed = used;
        compacted.ElementsGarbage = 0;
        Volatile.Write(ref _data, compacted);
    }

    private static ElementPool PoolWithRoom(ColumnData data, int items)
    {
        var pool = data.Elements;
        if (pool is not null && data.ElementsUsed + items <= pool.Capacity)
        {
            return pool;
        }

        var grown = new ElementPool(Math.Max(64, Math.Max(data.ElementsUsed + items, (pool?.Capacity ?? 0) * 2)));
        if (pool is not null)
        {
            if (pool.Numbers is not null)
            {
                grown.Numbers = new double[grown.Capacity];
                Array.Copy(pool.Numbers, grown.Numbers, data.ElementsUsed);
            }

            Array.Copy(pool.Codes, grown.Codes, data.ElementsUsed);
        }

        data.Elements = grown;
        return grown;
    }

    // Numbers stays unallocated while every value is +0.0, as string and list columns usually are.
    private static void WriteNumber(ColumnData data, int slot, double value)
    {
        if (data.Numbers is null)
        {
            if (BitConverter.DoubleToInt64Bits(value) == 0)
            {
                return;
            }

            data.Numbers = new double[data.Capacity];
        }

        data.Numbers[slot] = value;
    }

    private ColumnData Room(int slot)
    {
        var data = _data;
        if (slot < data.Capacity)
        {
            return data;
        }

        var capacity = Math.Max(64, data.Capacity * 2);
        while (capacity <= slot)
        {
            capacity *= 2;
        }

        var grown = data.Grown(capacity);
        Volatile.Write(ref _data, grown);
        return grown;
    }

    private static void SetBit(ulong[] bits, int slot) => bits[slot >> 6] |= 1UL << slot;

    // The presence bit goes last, after the value it announces.
    private static void Publish(ulong[] present, int slot) =>
        Volatile.Write(ref present[slot >> 6], present[slot >> 6] | (1UL << slot));
}
