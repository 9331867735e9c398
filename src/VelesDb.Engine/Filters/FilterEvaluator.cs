namespace VelesDb.Engine.Filters;

/// <summary>
/// Evaluates a parsed filter over the values of its selected fields. Every operator evaluates both
/// operands (nothing short-circuits), and none fails at run time: division by zero gives an
/// infinity or NaN, as in Redis.
/// </summary>
internal static class FilterEvaluator
{
    /// <summary>The value of <paramref name="node"/>, given one value per path of the filter.</summary>
    public static FilterValue Evaluate(FilterNode node, ReadOnlySpan<FilterValue> paths)
    {
        switch (node.Kind)
        {
            case FilterNodeKind.Literal:
                return node.Literal;
            case FilterNodeKind.Selector:
                return paths[node.PathIndex];
            case FilterNodeKind.Not:
                return FilterValue.FromBoolean(!Evaluate(node.Left!, paths).IsTrue);
            default:
                var left = Evaluate(node.Left!, paths);
                var right = Evaluate(node.Right!, paths);
                return Apply(node.Operator, left, right);
        }
    }

    public static FilterValue Apply(FilterOperator op, in FilterValue a, in FilterValue b) => op switch
    {
        FilterOperator.Power => FilterValue.FromNumber(Math.Pow(a.ToNumber(), b.ToNumber())),
        FilterOperator.Multiply => FilterValue.FromNumber(a.ToNumber() * b.ToNumber()),
        FilterOperator.Divide => FilterValue.FromNumber(a.ToNumber() / b.ToNumber()),
        // C#'s % on doubles is C's fmod.
        FilterOperator.Modulo => FilterValue.FromNumber(a.ToNumber() % b.ToNumber()),
        FilterOperator.Add => FilterValue.FromNumber(a.ToNumber() + b.ToNumber()),
        FilterOperator.Subtract => FilterValue.FromNumber(a.ToNumber() - b.ToNumber()),
        FilterOperator.Greater => FilterValue.FromBoolean(a.ToNumber() > b.ToNumber()),
        FilterOperator.GreaterOrEqual => FilterValue.FromBoolean(a.ToNumber() >= b.ToNumber()),
        FilterOperator.Less => FilterValue.FromBoolean(a.ToNumber() < b.ToNumber()),
        FilterOperator.LessOrEqual => FilterValue.FromBoolean(a.ToNumber() <= b.ToNumber()),
        FilterOperator.Equal => FilterValue.FromBoolean(FilterValue.AreEqual(a, b)),
        FilterOperator.NotEqual => FilterValue.FromBoolean(!FilterValue.AreEqual(a, b)),
        FilterOperator.In => FilterValue.FromBoolean(FilterValue.IsIn(a, b)),
        FilterOperator.And => FilterValue.FromBoolean(a.IsTrue && b.IsTrue),
        FilterOperator.Or => FilterValue.FromBoolean(a.IsTrue || b.IsTrue),
        _ => FilterValue.False,
    };
}
