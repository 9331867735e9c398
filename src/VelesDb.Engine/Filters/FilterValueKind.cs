namespace VelesDb.Engine.Filters;

/// <summary>The kinds of value a filter computes with. JSON booleans are numbers (1 and 0), as in Redis.</summary>
internal enum FilterValueKind : byte
{
    Number,
    String,
    Null,
    Tuple,
}
