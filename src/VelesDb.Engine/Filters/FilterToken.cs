namespace VelesDb.Engine.Filters;

/// <summary>One token of a filter, at its 0-based character position.</summary>
internal readonly record struct FilterToken(
    FilterTokenKind Kind,
    int Position,
    FilterOperator Operator = default,
    double Number = 0,
    string? Text = null,
    string[]? Segments = null)
{
    /// <summary>A token after which a value ends, so a following '-' subtracts rather than signs a number.</summary>
    public bool EndsValue => Kind is FilterTokenKind.Number or FilterTokenKind.String or FilterTokenKind.Selector
        or FilterTokenKind.True or FilterTokenKind.False or FilterTokenKind.Null
        or FilterTokenKind.CloseParen or FilterTokenKind.CloseBracket;
}
