namespace VelesDb.Engine.Filters;

/// <summary><c>not x</c>.</summary>
internal sealed class NotPlan(MaskPlan operand) : MaskPlan
{
    public override ulong Eval(int word, ulong candidates) => candidates & ~operand.Eval(word, candidates);
}
