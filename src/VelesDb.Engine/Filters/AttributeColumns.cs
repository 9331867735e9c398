using System.Numerics;
using System.Text.Json;
using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Filters;

/// <summary>
/// Record attributes held as typed columns, one per attribute path (nested objects give paths
/// such as <c>a.b</c>), so a filter runs as passes over arrays of numbers and string ids instead
/// of parsing JSON per record. Slots are the engine's record numbers.
/// <para>
/// Threads: one writer at a time calls <see cref="Set"/>, <see cref="Clear"/> and
/// <see cref="Reset"/>; any number of searches call <see cref="Keep"/> meanwhile. A slot that is
/// written during a <see cref="Keep"/> may come out either way; every other slot comes out exactly
/// as <see cref="Filter.Matches"/> says of its attributes.
/// </para>
/// </summary>
internal sealed class AttributeColumns
{
    private readonly List<int> _touched = [];
    private readonly List<ListItem> _items = [];
    private ColumnSet _set = new();

    /// <summary>Distinct attribute paths that have held a value since the last reset.</summary>
    public int ColumnCount => Volatile.Read(ref _set).Columns.Count;

    /// <summary>Replaces the attributes of <paramref name="slot"/>; null or empty leaves it without any.</summary>
    public void Set(int slot, RecordAttributes? attributes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        Clear(slot);
        if (attributes is null || attributes.IsEmpty)
        {
            return;
        }

        var set = _set;
        _touched.Clear();
        var reader = new Utf8JsonReader(attributes.Utf8.Span, new JsonReaderOptions { MaxDepth = RecordAttributes.MaxDepth + 1 });
        reader.Read();
        ReadObject(ref reader, set, set.Root, slot);
        set.Schemas.Assign(slot, _touched);
    }

    /// <summary>Removes every attribute of <paramref name="slot"/>.</summary>
    public void Clear(int slot)
    {
        var set = _set;
        foreach (var id in set.Schemas.ColumnsOf(slot))
        {
            set.Columns[id].Clear(slot, set.Strings);
        }

        set.Schemas.Release(slot);
    }

    /// <summary>Forgets every slot's attributes.</summary>
    public void Reset() => Volatile.Write(ref _set, new ColumnSet());

    /// <summary>
    /// Clears each set bit of <paramref name="mask"/> below <paramref name="slotCount"/> (bit i in word
    /// i &gt;&gt; 6) whose slot's attributes do not match <paramref name="filter"/>; other bits stay.
    /// </summary>
    public void Keep(Filter filter, ulong[] mask, int slotCount)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(mask);
        var words = (int)Math.Min(mask.Length, ((long)Math.Max(slotCount, 0) + 63) >> 6);
        var set = Volatile.Read(ref _set);
        var segments = filter.PathSegments;
        var columns = new ColumnData[segments.Count];
        var anyMissing = false;
        for (var i = 0; i < columns.Length; i++)
        {
            var column = set.Root.Find(segments[i]);
            if (column is null)
            {
                anyMissing = true;
                break;
            }

            columns[i] = column.Data;
        }

        if (anyMissing || (columns.Length == 0 && !filter.Matches(null)))
        {
            for (var w = 0; w < words; w++)
            {
                mask[w] &= ~BelowLimit(w, slotCount);
            }

            return;
        }

        if (columns.Length == 0)
        {
            return;
        }

        var plan = new MaskPlanner(columns, set.Strings).Plan(filter.Root);
        for (var w = 0; w < words; w++)
        {
            var m = mask[w];
            if (m == 0)
            {
                continue;
            }

            var limit = BelowLimit(w, slotCount);
            var candidates = m & limit;
            foreach (var data in columns)
            {
                candidates &= w < data.Present.Length ? Volatile.Read(ref data.Present[w]) : 0;
            }

            if (candidates != 0)
            {
                candidates &= plan.Eval(w, candidates);
            }

            mask[w] = (m & ~limit) | candidates;
        }
    }

    private static ulong BelowLimit(int word, int slotCount)
    {
        var left = slotCount - (word << 6);
        return left >= 64 ? ulong.MaxValue : (1UL << left) - 1;
    }

    private void ReadObject(ref Utf8JsonReader reader, ColumnSet set, ColumnPathNode node, int slot)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var child = reader.ValueIsEscaped ? node.Child(reader.GetString()!) : node.Child(reader.ValueSpan);
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    ReadObject(ref reader, set, child, slot);
                    break;
                case JsonTokenType.StartArray:
                    // Most lists are flat: read straight into pool codes, else start over from a copy of the reader.
                    var start = reader;
                    if (TryReadFlatList(ref reader, set.Strings))
                    {
                        Column(set, child).SetFlatList(slot, System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_items));
                    }
                    else
                    {
                        reader = start;
                        if (TryReadList(ref reader, out var items))
                        {
                            Column(set, child).SetList(slot, items, set.Strings);
                        }
                    }

                    break;
                case JsonTokenType.String:
                    var id = reader.ValueIsEscaped ? set.Strings.Acquire(reader.GetString()!) : set.Strings.Acquire(reader.ValueSpan);
                    Column(set, child).SetString(slot, id, set.Strings);
                    break;
                case JsonTokenType.Number:
                    Column(set, child).SetNumber(slot, NumericText.FromJson(reader.ValueSpan));
                    break;
                case JsonTokenType.True:
                    Column(set, child).SetNumber(slot, 1);
                    break;
                case JsonTokenType.False:
                    Column(set, child).SetNumber(slot, 0);
                    break;
                default:
                    Column(set, child).SetNull(slot);
                    break;
            }
        }
    }

    private AttributeColumn Column(ColumnSet set, ColumnPathNode node)
    {
        var column = set.ColumnAt(node);
        _touched.Add(column.Id);
        return column;
    }

    // False, with nothing left counted in the pool, at the first object or list inside the list.
    private bool TryReadFlatList(ref Utf8JsonReader reader, StringPool strings)
    {
        _items.Clear();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                case JsonTokenType.StartArray:
                    foreach (var item in _items)
                    {
                        if (item.Code >= 0)
                        {
                            strings.Release(item.Code);
                        }
                    }

                    return false;
                case JsonTokenType.String:
                    var id = reader.ValueIsEscaped ? strings.Acquire(reader.GetString()!) : strings.Acquire(reader.ValueSpan);
                    _items.Add(new ListItem(id, NumericText.ToNumber(strings.Text(id)!)));
                    break;
                case JsonTokenType.Number:
                    _items.Add(new ListItem(ElementPool.NumberCode, NumericText.FromJson(reader.ValueSpan)));
                    break;
                case JsonTokenType.True:
                    _items.Add(new ListItem(ElementPool.NumberCode, 1));
                    break;
                case JsonTokenType.False:
                    _items.Add(new ListItem(ElementPool.NumberCode, 0));
                    break;
                default:
                    _items.Add(new ListItem(ElementPool.NullCode, 0));
                    break;
            }
        }

        return true;
    }

    // A list holding an object is no value at all, as for the filter (the reader is left past it).
    private static bool TryReadList(ref Utf8JsonReader reader, out FilterValue[] items)
    {
        var list = new List<FilterValue>();
        var valid = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    reader.Skip();
                    valid = false;
                    break;
                case JsonTokenType.StartArray:
                    valid &= TryReadList(ref reader, out var inner);
                    list.Add(FilterValue.FromItems(inner));
                    break;
                case JsonTokenType.String:
                    list.Add(FilterValue.FromString(reader.GetString()!));
                    break;
                case JsonTokenType.Number:
                    list.Add(FilterValue.FromNumber(NumericText.FromJson(reader.ValueSpan)));
                    break;
                case JsonTokenType.True:
                    list.Add(FilterValue.True);
                    break;
                case JsonTokenType.False:
                    list.Add(FilterValue.False);
                    break;
                default:
                    list.Add(FilterValue.Null);
                    break;
            }
        }

        items = [.. list];
        return valid;
    }
}
