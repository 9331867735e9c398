namespace VelesDb.Engine.Filters;

/// <summary><c>x or y</c>: y runs only on the slots x did not keep.</summary>
internal sealed class OrPlan(MaskPlan left, MaskPlan right) : MaskPlan
{
    public override ulong Eval(int word, ulong candidates)
    {
        var kept = candidates & left.Eval(word, candidates);
        var rest = candidates & ~kept;
        return rest == 0 ? kept : kept | (rest & right.Eval(word, rest));
    }
}
