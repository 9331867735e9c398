namespace VelesDb.Engine.Filters;

/// <summary>What a token of a filter is.</summary>
internal enum FilterTokenKind : byte
{
    End,
    Number,
    String,
    Selector,
    True,
    False,
    Null,
    Operator,
    OpenParen,
    CloseParen,
    OpenBracket,
    CloseBracket,
    Comma,
}
