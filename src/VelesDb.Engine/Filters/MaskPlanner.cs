namespace VelesDb.Engine.Filters;

/// <summary>
/// Turns a parsed filter into column passes where one exists: <c>and</c>, <c>or</c>, <c>not</c>; a field alone (its truth);
/// a field compared with a constant (<c>&lt; &lt;= &gt; &gt;= == !=</c>, either side); <c>.x in [list]</c>;
/// <c>constant in .x</c>; and any part without fields, evaluated once. The rest is evaluated slot
/// by slot over the columns. Field presence is not a plan's business: the caller keeps only
/// slots that have every selected field.
/// </summary>
internal sealed class MaskPlanner(ColumnData[] columns, StringPool strings)
{
    public MaskPlan Plan(FilterNode node)
    {
        if (!node.HasSelector)
        {
            return new ConstantPlan(FilterEvaluator.Evaluate(node, []).IsTrue);
        }

        if (node.Kind == FilterNodeKind.Selector)
        {
            return new TruthPlan(columns[node.PathIndex], strings);
        }

        if (node.Kind == FilterNodeKind.Not)
        {
            return new NotPlan(Plan(node.Left!));
        }

        if (node.Kind == FilterNodeKind.Binary)
        {
            switch (node.Operator)
            {
                case FilterOperator.And:
                    return new AndPlan(Plan(node.Left!), Plan(node.Right!));
                case FilterOperator.Or:
                    return new OrPlan(Plan(node.Left!), Plan(node.Right!));
            }

            if (FieldAgainstConstant(node) is { } plan)
            {
                return plan;
            }
        }

        return new SlotBySlotPlan(node, columns, strings);
    }

    private MaskPlan? FieldAgainstConstant(FilterNode node)
    {
        var left = node.Left!;
        var right = node.Right!;
        var fieldOnLeft = left.Kind == FilterNodeKind.Selector && !right.HasSelector;
        var fieldOnRight = right.Kind == FilterNodeKind.Selector && !left.HasSelector;
        if (!fieldOnLeft && !fieldOnRight)
        {
            return null;
        }

        var data = columns[(fieldOnLeft ? left : right).PathIndex];
        var constant = FilterEvaluator.Evaluate(fieldOnLeft ? right : left, []);
        switch (node.Operator)
        {
            case FilterOperator.Greater:
                return fieldOnLeft ? Compare<NumberComparisons.Greater>(data, constant) : Compare<NumberComparisons.Less>(data, constant);
            case FilterOperator.GreaterOrEqual:
                return fieldOnLeft ? Compare<NumberComparisons.GreaterOrEqual>(data, constant) : Compare<NumberComparisons.LessOrEqual>(data, constant);
            case FilterOperator.Less:
                return fieldOnLeft ? Compare<NumberComparisons.Less>(data, constant) : Compare<NumberComparisons.Greater>(data, constant);
            case FilterOperator.LessOrEqual:
                return fieldOnLeft ? Compare<NumberComparisons.LessOrEqual>(data, constant) : Compare<NumberComparisons.GreaterOrEqual>(data, constant);
            case FilterOperator.Equal:
                return EqualTo(data, constant);
            case FilterOperator.NotEqual:
                return EqualTo(data, constant) is { } equal ? new NotPlan(equal) : null;
            case FilterOperator.In when fieldOnLeft:
                return InList(data, constant);
            case FilterOperator.In when constant.Kind != FilterValueKind.Tuple:
                return new ContainsPlan(data, strings, constant);
            default:
                return null;
        }
    }

    private static NumberComparePlan<T> Compare<T>(ColumnData data, FilterValue constant)
        where T : struct, INumberComparison =>
        new(data.Numbers, constant.ToNumber(), null);

    private MaskPlan? EqualTo(ColumnData data, FilterValue constant) => constant.Kind switch
    {
        FilterValueKind.Null => new BitsPlan(data.Nulls),
        FilterValueKind.Number => new NumberComparePlan<NumberComparisons.Equal>(data.Numbers, constant.Number, data.Nulls),
        FilterValueKind.String => new StringEqualsPlan(data, strings, constant.Text!),
        _ => null,
    };

    // .x in [a, b, ...]: .x == a or .x == b ...; .x in "text" stays slot by slot.
    private MaskPlan? InList(ColumnData data, FilterValue constant)
    {
        if (constant.Kind != FilterValueKind.Tuple)
        {
            return null;
        }

        MaskPlan plan = new ConstantPlan(false);
        foreach (var item in constant.Items!)
        {
            if (EqualTo(data, item) is not { } equal)
            {
                return null;
            }

            plan = plan is ConstantPlan ? equal : new OrPlan(plan, equal);
        }

        return plan;
    }
}
