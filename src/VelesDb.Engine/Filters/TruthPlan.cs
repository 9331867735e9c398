namespace VelesDb.Engine.Filters;

/// <summary>
/// A field alone, as in <c>.active</c> or <c>not .archived</c>: true for lists, for strings but the
/// empty one, and for numbers but 0 (NaN is true); false for null.
/// </summary>
internal sealed class TruthPlan(ColumnData data, StringPool strings) : MaskPlan
{
    private readonly NumberComparePlan<NumberComparisons.Equal> _zero = new(data.Numbers, 0, null);
    private readonly StringEqualsPlan _empty = new(data, strings, "");

    public override ulong Eval(int word, ulong candidates)
    {
        if (word >= data.Present.Length)
        {
            return 0;
        }

        var stringBits = Volatile.Read(ref data.Strings[word]);
        var lists = Volatile.Read(ref data.Lists[word]);
        var result = candidates & lists;
        var numbers = candidates & ~stringBits & ~lists & ~Volatile.Read(ref data.Nulls[word]);
        if (numbers != 0)
        {
            result |= numbers & ~_zero.Eval(word, numbers);
        }

        var texts = candidates & stringBits;
        if (texts != 0)
        {
            result |= texts & ~_empty.Eval(word, texts);
        }

        return result;
    }
}
