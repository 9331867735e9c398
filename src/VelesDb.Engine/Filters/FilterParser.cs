namespace VelesDb.Engine.Filters;

/// <summary>
/// Parses the tokens of a filter by precedence, loosest first: <c>or ||</c>; <c>and &amp;&amp;</c>;
/// <c>== != &lt; &lt;= &gt; &gt;= in</c>; <c>+ -</c>; <c>* / %</c>; <c>**</c> (right-associative); and
/// tightest <c>not !</c>, so <c>not .a == 1</c> is <c>(not .a) == 1</c>, as in Redis. Other binary
/// operators are left-associative.
/// </summary>
internal sealed class FilterParser
{
    /// <summary>The deepest nesting of parentheses, negations and powers.</summary>
    public const int MaxNesting = 64;

    /// <summary>The most operators on one way down the parsed expression, so evaluation stays shallow.</summary>
    public const int MaxHeight = 256;

    private readonly string _text;
    private readonly List<FilterToken> _tokens;
    private readonly List<string[]> _paths = [];
    private readonly Dictionary<string, int> _pathIndex = new(StringComparer.Ordinal);
    private int _next;

    private FilterParser(string text)
    {
        _text = text;
        _tokens = FilterLexer.Tokens(text);
    }

    private FilterToken Current => _tokens[_next];

    /// <summary>Parses <paramref name="text"/>; the selected paths come out in order of first use.</summary>
    public static FilterNode Parse(string text, out IReadOnlyList<string[]> paths)
    {
        var parser = new FilterParser(text);
        var root = parser.Loosest(0);
        if (parser.Current.Kind != FilterTokenKind.End)
        {
            throw parser.Error(parser.Current.Position, parser.Current.Kind == FilterTokenKind.CloseParen
                ? "this ')' has no '(' to close"
                : "an operator (and, or, ==, ...) or the end of the filter is expected here");
        }

        paths = parser._paths;
        return root;
    }

    private InvalidFilterException Error(int position, string problem) => new(_text, position, problem);

    private FilterNode Loosest(int nesting) => Binary(0, nesting);

    // Level 0 is or, 1 and, 2 comparisons and in, 3 sums, 4 products; powers and negations below.
    private FilterNode Binary(int level, int nesting)
    {
        var left = level == 4 ? Power(nesting) : Binary(level + 1, nesting);
        while (Current.Kind == FilterTokenKind.Operator && LevelOf(Current.Operator) == level)
        {
            var token = Current;
            _next++;
            var right = level == 4 ? Power(nesting) : Binary(level + 1, nesting);
            left = Make(FilterNode.ForBinary(token.Position, token.Operator, left, right));
        }

        return left;
    }

    private static int LevelOf(FilterOperator op) => op switch
    {
        FilterOperator.Or => 0,
        FilterOperator.And => 1,
        FilterOperator.Equal or FilterOperator.NotEqual or FilterOperator.Less or FilterOperator.LessOrEqual
            or FilterOperator.Greater or FilterOperator.GreaterOrEqual or FilterOperator.In => 2,
        FilterOperator.Add or FilterOperator.Subtract => 3,
        FilterOperator.Multiply or FilterOperator.Divide or FilterOperator.Modulo => 4,
        _ => -1,
    };

    private FilterNode Power(int nesting)
    {
        var left = Unary(nesting);
        if (Current.Kind == FilterTokenKind.Operator && Current.Operator == FilterOperator.Power)
        {
            var token = Current;
            _next++;
            var right = Power(Deeper(nesting, token.Position));
            return Make(FilterNode.ForBinary(token.Position, FilterOperator.Power, left, right));
        }

        return left;
    }

    private FilterNode Unary(int nesting)
    {
        if (Current.Kind == FilterTokenKind.Operator && Current.Operator == FilterOperator.Not)
        {
            var token = Current;
            _next++;
            return Make(FilterNode.ForNot(token.Position, Unary(Deeper(nesting, token.Position))));
        }

        return Primary(nesting);
    }

    private FilterNode Primary(int nesting)
    {
        var token = Current;
        switch (token.Kind)
        {
            case FilterTokenKind.Number:
            case FilterTokenKind.String:
            case FilterTokenKind.True:
            case FilterTokenKind.False:
            case FilterTokenKind.Null:
                _next++;
                return FilterNode.ForLiteral(token.Position, LiteralOf(token));
            case FilterTokenKind.Selector:
                _next++;
                return FilterNode.ForSelector(token.Position, PathIndexOf(token.Segments!));
            case FilterTokenKind.OpenBracket:
                return Tuple();
            case FilterTokenKind.OpenParen:
                _next++;
                var inner = Loosest(Deeper(nesting, token.Position));
                if (Current.Kind != FilterTokenKind.CloseParen)
                {
                    throw Current.Kind == FilterTokenKind.End
                        ? Error(token.Position, "this '(' is never closed")
                        : Error(Current.Position, "an operator or ')' is expected here");
                }

                _next++;
                return inner;
            case FilterTokenKind.End:
                throw Error(token.Position, "the filter ends where a value is expected");
            default:
                throw Error(token.Position, "a value (a number, a string, a .field, a [list] or a '(') is expected here");
        }
    }

    private FilterNode Tuple()
    {
        var open = Current;
        _next++;
        var items = new List<FilterValue>();
        while (true)
        {
            var token = Current;
            if (token.Kind == FilterTokenKind.CloseBracket)
            {
                _next++;
                return FilterNode.ForLiteral(open.Position, FilterValue.FromItems([.. items]));
            }

            if (token.Kind is not (FilterTokenKind.Number or FilterTokenKind.String or FilterTokenKind.True or FilterTokenKind.False))
            {
                throw token.Kind == FilterTokenKind.End
                    ? Error(open.Position, "this '[' is never closed")
                    : Error(token.Position, "a list holds only numbers, strings, true and false");
            }

            items.Add(LiteralOf(token));
            _next++;
            if (Current.Kind == FilterTokenKind.Comma)
            {
                _next++;
            }
            else if (Current.Kind != FilterTokenKind.CloseBracket)
            {
                throw Current.Kind == FilterTokenKind.End
                    ? Error(open.Position, "this '[' is never closed")
                    : Error(Current.Position, "a ',' or ']' is expected here");
            }
        }
    }

    private static FilterValue LiteralOf(FilterToken token) => token.Kind switch
    {
        FilterTokenKind.Number => FilterValue.FromNumber(token.Number),
        FilterTokenKind.String => FilterValue.FromString(token.Text!),
        FilterTokenKind.True => FilterValue.True,
        FilterTokenKind.False => FilterValue.False,
        _ => FilterValue.Null,
    };

    private int PathIndexOf(string[] segments)
    {
        var key = string.Join('.', segments);
        if (!_pathIndex.TryGetValue(key, out var index))
        {
            index = _paths.Count;
            _paths.Add(segments);
            _pathIndex.Add(key, index);
        }

        return index;
    }

    private int Deeper(int nesting, int position) =>
        nesting < MaxNesting ? nesting + 1 : throw Error(position, $"the filter nests more than {MaxNesting} deep here");

    private FilterNode Make(FilterNode node) =>
        node.Height <= MaxHeight ? node : throw Error(node.Position, $"the filter has more than {MaxHeight} operators on one way down; split it or use in [...]");
}
