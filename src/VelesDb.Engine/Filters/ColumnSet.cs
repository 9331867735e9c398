namespace VelesDb.Engine.Filters;

/// <summary>
/// Everything <see cref="AttributeColumns"/> holds, as one object so that a reset is one swap:
/// readers that started before it finish on the old set.
/// </summary>
internal sealed class ColumnSet
{
    public ColumnPathNode Root { get; } = new();

    public StringPool Strings { get; } = new();

    /// <summary>Columns by id (writer only).</summary>
    public List<AttributeColumn> Columns { get; } = [];

    public SlotSchemas Schemas { get; } = new();

    public AttributeColumn ColumnAt(ColumnPathNode node)
    {
        if (node.Column is { } column)
        {
            return column;
        }

        column = new AttributeColumn(Columns.Count);
        Columns.Add(column);
        node.Publish(column);
        return column;
    }
}
