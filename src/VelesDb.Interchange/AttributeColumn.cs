namespace VelesDb.Interchange;

/// <summary>One top-level attribute name a columnar file gives a column, and how the column holds it.</summary>
/// <param name="Name">The attribute's name.</param>
/// <param name="Kind">What its values are.</param>
public sealed record AttributeColumn(string Name, ColumnKind Kind);
