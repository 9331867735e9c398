using System.Numerics;

namespace VelesDb.Engine.Filters;

/// <summary>
/// <c>constant in .x</c>: for a list value, whether an item equals the constant (pool ids and
/// numbers, no strings rebuilt); for a string value and a string constant, whether it is a
/// substring (remembered per distinct string during the pass); false for anything else.
/// </summary>
internal sealed class ContainsPlan : MaskPlan
{
    private readonly ColumnData _data;
    private readonly StringPool _strings;
    private readonly FilterValue _constant;
    private readonly int _id;
    private readonly double _number;
    private readonly long[]? _spans;
    private readonly ElementPool? _elements;
    private Dictionary<int, bool>? _substring;

    public ContainsPlan(ColumnData data, StringPool strings, FilterValue constant)
    {
        _data = data;
        _strings = strings;
        _constant = constant;
        _id = constant.Kind == FilterValueKind.String ? strings.Find(constant.Text!) : -1;
        _number = constant.ToNumber();
        _spans = data.ListSpans;
        _elements = data.Elements;
    }

    public override ulong Eval(int word, ulong candidates)
    {
        if (word >= _data.Present.Length)
        {
            return 0;
        }

        var lists = Volatile.Read(ref _data.Lists[word]);
        var strings = _constant.Kind == FilterValueKind.String ? Volatile.Read(ref _data.Strings[word]) : 0;
        candidates &= lists | strings;
        ulong bits = 0;
        while (candidates != 0)
        {
            var i = BitOperations.TrailingZeroCount(candidates);
            candidates &= candidates - 1;
            var slot = (word << 6) + i;
            var found = (lists & (1UL << i)) != 0 ? InList(slot) : InString(slot);
            if (found)
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }

    private bool InList(int slot)
    {
        if (_spans is null || slot >= _spans.Length)
        {
            return false;
        }

        var span = _spans[slot];
        if (span == -1)
        {
            var nested = _data.NestedLists;
            var items = nested is not null && slot < nested.Length ? nested[slot] : null;
            return items is not null && FilterValue.IsIn(_constant, FilterValue.FromItems(items));
        }

        if (!ColumnReader.TryElements(_elements, span, out var pool, out var start, out var count))
        {
            return false;
        }

        var codes = pool.Codes.AsSpan(start, count);
        var numbers = pool.Numbers is { } all && (long)start + count <= all.Length ? all.AsSpan(start, count) : default;
        for (var i = 0; i < codes.Length; i++)
        {
            var code = codes[i];
            var equal = _constant.Kind switch
            {
                // A string item by id; a number item against the text as a number.
                FilterValueKind.String => code >= 0 ? code == _id : code == ElementPool.NumberCode && NumberAt(numbers, i) == _number,
                FilterValueKind.Null => code == ElementPool.NullCode,
                // Numbers (and lists, as 0) against any item but null, as a number.
                _ => code != ElementPool.NullCode && NumberAt(numbers, i) == _number,
            };
            if (equal)
            {
                return true;
            }
        }

        return false;
    }

    // No numbers: every item is 0 as a number.
    private static double NumberAt(ReadOnlySpan<double> numbers, int i) => numbers.IsEmpty ? 0 : numbers[i];

    private bool InString(int slot)
    {
        var ids = _data.StringIds;
        if (ids is null || slot >= ids.Length)
        {
            return false;
        }

        var id = ids[slot];
        _substring ??= [];
        if (!_substring.TryGetValue(id, out var found))
        {
            var text = _strings.Text(id);
            found = text is not null && text.Contains(_constant.Text!, StringComparison.Ordinal);
            _substring[id] = found;
        }

        return found;
    }
}
