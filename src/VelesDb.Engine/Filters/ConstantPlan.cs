namespace VelesDb.Engine.Filters;

/// <summary>A part that selects no field: the same answer for every slot.</summary>
internal sealed class ConstantPlan(bool value) : MaskPlan
{
    public override ulong Eval(int word, ulong candidates) => value ? candidates : 0;
}
