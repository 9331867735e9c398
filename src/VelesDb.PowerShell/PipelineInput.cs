using System.Management.Automation;
using System.Reflection;

namespace VelesDb.PowerShell;

/// <summary>
/// The object PowerShell is binding for the current pipeline record, whole.
/// </summary>
/// <remarks>
/// Add-VelesVector keeps every property of a piped object that no parameter took as the record's
/// attributes, so it needs the object itself, not only the properties bound by name. Its Store
/// parameter is the one parameter of its set that takes the pipeline by value (STYLE: one per set),
/// so the object cannot arrive through a parameter of its own. PowerShell keeps it in the internal
/// <c>InternalCommand.CurrentPipelineObject</c> (what <c>$_</c> is in a script cmdlet's process
/// block); this is the one place that reads it, through reflection, compiled once to a delegate.
/// If a PowerShell version drops it, the module says so at the first piped record instead of
/// silently storing records without their attributes.
/// </remarks>
internal static class PipelineInput
{
    private const string PropertyName = "CurrentPipelineObject";

    private static readonly Func<PSCmdlet, PSObject?>? Read = Compile();

    /// <summary>The record being processed, or null when the cmdlet runs with no pipeline input.</summary>
    /// <exception cref="NotSupportedException">This PowerShell does not expose the current pipeline object.</exception>
    internal static PSObject? Current(PSCmdlet cmdlet)
    {
        if (Read is null)
        {
            throw new NotSupportedException(
                $"This version of PowerShell ({typeof(PSCmdlet).Assembly.GetName().Version}) does not expose the current pipeline object ({PropertyName}), so Add-VelesVector cannot read the attributes of piped objects. Pass them with -Attributes instead.");
        }

        var current = Read(cmdlet);
        return current is null || current.BaseObject is null ? null : current;
    }

    private static Func<PSCmdlet, PSObject?>? Compile()
    {
        for (var type = typeof(PSCmdlet).BaseType; type is not null; type = type.BaseType)
        {
            var property = type.GetProperty(PropertyName, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            if (property?.GetMethod is { } getter && property.PropertyType == typeof(PSObject))
            {
                return getter.CreateDelegate<Func<PSCmdlet, PSObject?>>();
            }
        }

        return null;
    }
}
