namespace VelesDb.Engine.Filters;

/// <summary>The operators of the filter language.</summary>
internal enum FilterOperator : byte
{
    Not,
    Power,
    Multiply,
    Divide,
    Modulo,
    Add,
    Subtract,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Equal,
    NotEqual,
    In,
    And,
    Or,
}
