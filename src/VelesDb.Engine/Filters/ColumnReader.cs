namespace VelesDb.Engine.Filters;

/// <summary>
/// Reads one slot's value back out of a column as a filter value, for the evaluation that no
/// column pass covers. False when the slot has no value, or is being written and points past
/// what this reader holds (then either answer is right).
/// </summary>
internal static class ColumnReader
{
    public static bool TryRead(ColumnData data, StringPool strings, int slot, out FilterValue value)
    {
        value = default;
        if (!ColumnData.Has(data.Present, slot))
        {
            return false;
        }

        if (ColumnData.Has(data.Strings, slot))
        {
            var ids = data.StringIds;
            var text = ids is not null && slot < ids.Length ? strings.Text(ids[slot]) : null;
            if (text is null)
            {
                return false;
            }

            value = FilterValue.FromString(text);
            return true;
        }

        if (ColumnData.Has(data.Nulls, slot))
        {
            value = FilterValue.Null;
            return true;
        }

        if (ColumnData.Has(data.Lists, slot))
        {
            return TryReadList(data, strings, slot, out value);
        }

        var numbers = data.Numbers;
        value = FilterValue.FromNumber(numbers is not null && slot < numbers.Length ? numbers[slot] : 0);
        return true;
    }

    private static bool TryReadList(ColumnData data, StringPool strings, int slot, out FilterValue value)
    {
        value = default;
        var spans = data.ListSpans;
        if (spans is null || slot >= spans.Length)
        {
            return false;
        }

        var span = spans[slot];
        if (span == -1)
        {
            var nested = data.NestedLists;
            var items = nested is not null && slot < nested.Length ? nested[slot] : null;
            if (items is null)
            {
                return false;
            }

            value = FilterValue.FromItems(items);
            return true;
        }

        if (!TryElements(data.Elements, span, out var pool, out var start, out var count))
        {
            return false;
        }

        var result = new FilterValue[count];
        for (var i = 0; i < count; i++)
        {
            var code = pool.Codes[start + i];
            if (code >= 0)
            {
                var text = strings.Text(code);
                if (text is null)
                {
                    return false;
                }

                result[i] = FilterValue.FromString(text);
            }
            else
            {
                var numbers = pool.Numbers;
                var number = numbers is not null && start + i < numbers.Length ? numbers[start + i] : 0;
                result[i] = code == ElementPool.NullCode ? FilterValue.Null : FilterValue.FromNumber(number);
            }
        }

        value = FilterValue.FromItems(result);
        return true;
    }

    /// <summary>The pool range of a flat list's span, if the pool this reader holds has it.</summary>
    public static bool TryElements(ElementPool? pool, long span, out ElementPool elements, out int start, out int count)
    {
        elements = pool!;
        start = (int)(span >> 32);
        count = (int)(uint)span;
        return pool is not null && span >= 0 && (long)start + count <= pool.Capacity;
    }
}
