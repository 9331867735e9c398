using System.Text.Json;
using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Filters;

/// <summary>
/// A filter over record attributes in the expression language of Redis vector sets' <c>FILTER</c>:
/// <c>.field</c> and <c>.a.b</c> selectors; <c>== != &lt; &lt;= &gt; &gt;=</c>; <c>and</c>/<c>&amp;&amp;</c>,
/// <c>or</c>/<c>||</c>, <c>not</c>/<c>!</c>; <c>in</c> (membership in a list, or a substring of a
/// string); <c>+ - * / % **</c>; parentheses; numbers, quoted strings, <c>true</c>, <c>false</c>,
/// <c>null</c> and <c>[lists]</c>. A record that lacks a selected field, or whose field is an object
/// (or a list holding one), does not match, whatever the rest of the expression says.
/// </summary>
public sealed class Filter
{
    private readonly string[][] _segments;

    private Filter(string text, FilterNode root, IReadOnlyList<string[]> segments)
    {
        Text = text;
        Root = root;
        _segments = [.. segments];
        Paths = [.. segments.Select(s => string.Join('.', s))];
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>
    /// The selected field paths, each once, in order of first use, as their names joined by dots
    /// (<c>.a.b</c> gives <c>a.b</c>).
    /// </summary>
    public IReadOnlyList<string> Paths { get; }

    internal FilterNode Root { get; }

    /// <summary>The names along each path of <see cref="Paths"/>.</summary>
    internal IReadOnlyList<string[]> PathSegments => _segments;

    /// <summary>
    /// Parses a filter. Throws <see cref="InvalidFilterException"/> with the 0-based position of the
    /// problem for any malformed text, and for nesting deeper than 64.
    /// </summary>
    public static Filter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = FilterParser.Parse(text, out var paths);
        return new Filter(text, root, paths);
    }

    /// <summary>True when a record with these attributes matches; null or empty attributes lack every field.</summary>
    public bool Matches(RecordAttributes? attributes)
    {
        if (_segments.Length == 0)
        {
            return FilterEvaluator.Evaluate(Root, []).IsTrue;
        }

        if (attributes is null || attributes.IsEmpty)
        {
            return false;
        }

        using var document = attributes.Parse();
        var values = new FilterValue[_segments.Length];
        for (var i = 0; i < values.Length; i++)
        {
            if (!JsonFilterValues.TryRead(document.RootElement, _segments[i], out values[i]))
            {
                return false;
            }
        }

        return FilterEvaluator.Evaluate(Root, values).IsTrue;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
