namespace VelesDb.Engine.Filters;

/// <summary>A part that is one of a column's bitsets, such as <c>.x == null</c>.</summary>
internal sealed class BitsPlan(ulong[] bits) : MaskPlan
{
    public override ulong Eval(int word, ulong candidates) => word < bits.Length ? Volatile.Read(ref bits[word]) : 0;
}
