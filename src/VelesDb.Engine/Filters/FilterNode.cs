namespace VelesDb.Engine.Filters;

/// <summary>One node of a parsed filter: a literal, a selected field, a negation or a binary operation.</summary>
internal sealed class FilterNode
{
    private FilterNode(FilterNodeKind kind, int position, FilterOperator op, FilterNode? left, FilterNode? right, FilterValue literal, int pathIndex)
    {
        Kind = kind;
        Position = position;
        Operator = op;
        Left = left;
        Right = right;
        Literal = literal;
        PathIndex = pathIndex;
        Height = 1 + Math.Max(left?.Height ?? 0, right?.Height ?? 0);
        HasSelector = kind == FilterNodeKind.Selector || (left?.HasSelector ?? false) || (right?.HasSelector ?? false);
    }

    public FilterNodeKind Kind { get; }

    /// <summary>Where the node's token starts in the text (0-based).</summary>
    public int Position { get; }

    public FilterOperator Operator { get; }

    /// <summary>The operand of a negation, or the left operand.</summary>
    public FilterNode? Left { get; }

    public FilterNode? Right { get; }

    public FilterValue Literal { get; }

    /// <summary>Index into <see cref="Filter.Paths"/> of a selector.</summary>
    public int PathIndex { get; }

    /// <summary>Nodes on the longest way down from here, this one included.</summary>
    public int Height { get; }

    /// <summary>True when a field is selected somewhere below: otherwise the node is a constant.</summary>
    public bool HasSelector { get; }

    public static FilterNode ForLiteral(int position, FilterValue value) =>
        new(FilterNodeKind.Literal, position, default, null, null, value, -1);

    public static FilterNode ForSelector(int position, int pathIndex) =>
        new(FilterNodeKind.Selector, position, default, null, null, default, pathIndex);

    public static FilterNode ForNot(int position, FilterNode operand) =>
        new(FilterNodeKind.Not, position, FilterOperator.Not, operand, null, default, -1);

    public static FilterNode ForBinary(int position, FilterOperator op, FilterNode left, FilterNode right) =>
        new(FilterNodeKind.Binary, position, op, left, right, default, -1);
}
