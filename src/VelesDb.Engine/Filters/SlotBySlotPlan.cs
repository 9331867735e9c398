using System.Numerics;

namespace VelesDb.Engine.Filters;

/// <summary>
/// The general case: each candidate slot's values read back from the columns and the part
/// evaluated on them, for what no column pass covers (arithmetic on fields, two fields compared, ...).
/// </summary>
internal sealed class SlotBySlotPlan(FilterNode node, ColumnData[] columns, StringPool strings) : MaskPlan
{
    private readonly FilterValue[] _values = new FilterValue[columns.Length];

    public override ulong Eval(int word, ulong candidates)
    {
        ulong bits = 0;
        while (candidates != 0)
        {
            var i = BitOperations.TrailingZeroCount(candidates);
            candidates &= candidates - 1;
            if (Matches((word << 6) + i))
            {
                bits |= 1UL << i;
            }
        }

        return bits;
    }

    private bool Matches(int slot)
    {
        for (var p = 0; p < columns.Length; p++)
        {
            if (!ColumnReader.TryRead(columns[p], strings, slot, out _values[p]))
            {
                return false;
            }
        }

        return FilterEvaluator.Evaluate(node, _values).IsTrue;
    }
}
