namespace VelesDb.Engine.Filters;

/// <summary><c>x and y</c>: y runs only on the slots x kept.</summary>
internal sealed class AndPlan(MaskPlan left, MaskPlan right) : MaskPlan
{
    public override ulong Eval(int word, ulong candidates)
    {
        var kept = candidates & left.Eval(word, candidates);
        return kept == 0 ? 0 : kept & right.Eval(word, kept);
    }
}
