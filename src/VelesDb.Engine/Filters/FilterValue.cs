namespace VelesDb.Engine.Filters;

/// <summary>
/// One value during filter evaluation, with the conversions of Redis vector sets' FILTER: a value
/// used as a number is its number, a string read whole as a C number (else 0), anything else 0; a
/// value is true unless it is 0, the empty string or null; two values are equal as strings when both
/// are strings, as numbers when both are numbers, only when both are null if one is, and otherwise
/// as numbers.
/// </summary>
internal readonly struct FilterValue
{
    private FilterValue(FilterValueKind kind, double number, string? text, FilterValue[]? items)
    {
        Kind = kind;
        Number = number;
        Text = text;
        Items = items;
    }

    public static FilterValue Null { get; } = new(FilterValueKind.Null, 0, null, null);

    public static FilterValue True { get; } = new(FilterValueKind.Number, 1, null, null);

    public static FilterValue False { get; } = new(FilterValueKind.Number, 0, null, null);

    public FilterValueKind Kind { get; }

    /// <summary>The number of a <see cref="FilterValueKind.Number"/>.</summary>
    public double Number { get; }

    /// <summary>The text of a <see cref="FilterValueKind.String"/>.</summary>
    public string? Text { get; }

    /// <summary>The items of a <see cref="FilterValueKind.Tuple"/>.</summary>
    public FilterValue[]? Items { get; }

    public static FilterValue FromNumber(double number) => new(FilterValueKind.Number, number, null, null);

    public static FilterValue FromBoolean(bool value) => value ? True : False;

    public static FilterValue FromString(string text) => new(FilterValueKind.String, 0, text, null);

    public static FilterValue FromItems(FilterValue[] items) => new(FilterValueKind.Tuple, 0, null, items);

    public double ToNumber() => Kind switch
    {
        FilterValueKind.Number => Number,
        FilterValueKind.String => NumericText.ToNumber(Text!),
        _ => 0,
    };

    // NaN is true: it is not 0.
    public bool IsTrue => Kind switch
    {
        FilterValueKind.Number => Number != 0,
        FilterValueKind.String => Text!.Length != 0,
        FilterValueKind.Null => false,
        _ => true,
    };

    public static bool AreEqual(in FilterValue a, in FilterValue b)
    {
        if (a.Kind == FilterValueKind.String && b.Kind == FilterValueKind.String)
        {
            return string.Equals(a.Text, b.Text, StringComparison.Ordinal);
        }

        if (a.Kind == FilterValueKind.Number && b.Kind == FilterValueKind.Number)
        {
            return a.Number == b.Number;
        }

        if (a.Kind == FilterValueKind.Null || b.Kind == FilterValueKind.Null)
        {
            return a.Kind == b.Kind;
        }

        return a.ToNumber() == b.ToNumber();
    }

    /// <summary>
    /// <c>a in b</c>: membership when <paramref name="b"/> is a tuple, a substring test when both
    /// are strings, false otherwise.
    /// </summary>
    public static bool IsIn(in FilterValue a, in FilterValue b)
    {
        if (b.Kind == FilterValueKind.Tuple)
        {
            foreach (var item in b.Items!)
            {
                if (AreEqual(a, item))
                {
                    return true;
                }
            }

            return false;
        }

        return a.Kind == FilterValueKind.String && b.Kind == FilterValueKind.String
            && b.Text!.Contains(a.Text!, StringComparison.Ordinal);
    }
}
