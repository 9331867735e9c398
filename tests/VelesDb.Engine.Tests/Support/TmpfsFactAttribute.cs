namespace VelesDb.Engine.Tests.Support;

/// <summary>A fact that needs a mountable tmpfs; skipped, with the reason, where there is none.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (Tmpfs.WhyNot is { } why)
        {
            Skip = why;
        }
    }
}
