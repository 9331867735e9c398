namespace VelesDb.Engine.Filters;

/// <summary>What a node of a parsed filter is.</summary>
internal enum FilterNodeKind : byte
{
    Literal,
    Selector,
    Not,
    Binary,
}
