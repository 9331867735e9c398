namespace VelesDb.Engine.Filters;

/// <summary>
/// One part of a filter run over columns, 64 slots (one mask word) at a time: the bits of the
/// slots among <c>candidates</c> for which the part is true. Bits outside <c>candidates</c> mean
/// nothing. A plan is made for one pass and used by one thread.
/// </summary>
internal abstract class MaskPlan
{
    public abstract ulong Eval(int word, ulong candidates);
}
