using System.Collections.Concurrent;

namespace VelesDb.Engine.Filters;

/// <summary>
/// One name along attribute paths: the column of the values found there, and the names below
/// it for values that are objects. Readers look paths up while the writer adds them.
/// </summary>
internal sealed class ColumnPathNode
{
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

    /// <summary>The column here, made with <paramref name="make"/> if new (writer only).</summary>
    public AttributeColumn ColumnOrNew(Func<AttributeColumn> make)
    {
        var column = _column;
        if (column is null)
        {
            column = make();
            Volatile.Write(ref _column, column);
        }

        return column;
    }

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
