using System.Collections.Concurrent;

namespace VelesDb.Engine.Filters;

/// <summary>
/// One name along attribute paths: the column of the values found there, and the names below
/// it for values that are objects. Readers look paths up while the writer adds them.
/// </summary>
internal sealed class ColumnPathNode
{
    // Few names per object is the usual case: the writer matches their UTF-8 bytes without making strings.
    private const int NamesScanned = 32;

    private readonly List<(byte[] Utf8, ColumnPathNode Node)> _named = [];
    private ConcurrentDictionary<string, ColumnPathNode>? _children;
    private AttributeColumn? _column;

    public AttributeColumn? Column => Volatile.Read(ref _column);

    /// <summary>The node for <paramref name="name"/> below this one, made if new (writer only).</summary>
    public ColumnPathNode Child(string name)
    {
        var children = _children;
        if (children is null)
        {
            children = new ConcurrentDictionary<string, ColumnPathNode>(StringComparer.Ordinal);
            Volatile.Write(ref _children, children);
        }

        if (!children.TryGetValue(name, out var child))
        {
            child = new ColumnPathNode();
            children[name] = child;
        }

        return child;
    }

    /// <summary>The node for the unescaped UTF-8 name <paramref name="utf8"/>, made if new (writer only).</summary>
    public ColumnPathNode Child(ReadOnlySpan<byte> utf8)
    {
        foreach (var (name, node) in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_named))
        {
            if (utf8.SequenceEqual(name))
            {
                return node;
            }
        }

        var child = Child(System.Text.Encoding.UTF8.GetString(utf8));
        if (_named.Count < NamesScanned)
        {
            _named.Add((utf8.ToArray(), child));
        }

        return child;
    }

    /// <summary>Makes <paramref name="column"/> the column here (writer only, once).</summary>
    public void Publish(AttributeColumn column) => Volatile.Write(ref _column, column);

    /// <summary>The column at the end of <paramref name="segments"/>, or null when no slot ever had a value there.</summary>
    public AttributeColumn? Find(string[] segments)
    {
        var node = this;
        foreach (var name in segments)
        {
            var children = Volatile.Read(ref node._children);
            if (children is null || !children.TryGetValue(name, out node!))
            {
                return null;
            }
        }

        return node.Column;
    }
}
