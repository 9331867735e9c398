using System.Linq.Expressions;
using System.Management.Automation;
using System.Reflection;

namespace VelesDb.PowerShell;

/// <summary>
/// The object PowerShell is binding for the current pipeline record, whole, and how many members
/// of its own it carries.
/// </summary>
/// <remarks>
/// Add-VelesVector keeps every property of a piped object that no parameter took as the record's
/// attributes, so it needs the object itself, not only the properties bound by name. Its Store
/// parameter is the one parameter of its set that takes the pipeline by value (STYLE: one per set),
/// so the object cannot arrive through a parameter of its own. PowerShell keeps it in the internal
/// <c>InternalCommand.CurrentPipelineObject</c> (what <c>$_</c> is in a script cmdlet's process
/// block). And enumerating a PSObject's properties costs about as much as binding the record
/// (PowerShell gathers them from the object, its adapter and the type table each time), which
/// would halve the speed of ingesting objects that carry only Id and Vector; the count of the
/// object's own members (internal <c>PSObject.InstanceMembers.Count</c>) tells for a
/// PSCustomObject that there is nothing more to read. This is the one place that reads PowerShell's
/// internals, through reflection compiled once to delegates. If a PowerShell version drops the
/// pipeline object, the module says so at the first piped record instead of silently storing
/// records without their attributes; if it drops the count, properties are simply always enumerated.
/// </remarks>
internal static class PipelineInput
{
    private const string PipelineObjectName = "CurrentPipelineObject";

    private static readonly Func<PSCmdlet, PSObject?>? Read = CompilePipelineObject();
    private static readonly Func<PSObject, int>? CountOwnMembers = CompileOwnMemberCount();

    /// <summary>The record being processed, or null when the cmdlet runs with no pipeline input.</summary>
    /// <exception cref="NotSupportedException">This PowerShell does not expose the current pipeline object.</exception>
    internal static PSObject? Current(PSCmdlet cmdlet)
    {
        if (Read is null)
        {
            throw new NotSupportedException(
                $"This version of PowerShell ({typeof(PSCmdlet).Assembly.GetName().Version}) does not expose the current pipeline object ({PipelineObjectName}), so Add-VelesVector cannot read the attributes of piped objects. Pass them with -Attributes instead.");
        }

        var current = Read(cmdlet);
        return current is null || current.BaseObject is null ? null : current;
    }

    /// <summary>
    /// For a PSCustomObject, how many members it carries itself (note properties and the like, the
    /// only properties such an object has unless a type extension adds some); -1 when unknown.
    /// </summary>
    internal static int OwnMemberCount(PSObject value) =>
        CountOwnMembers is not null && value.BaseObject is PSCustomObject ? CountOwnMembers(value) : -1;

    private static Func<PSCmdlet, PSObject?>? CompilePipelineObject()
    {
        for (var type = typeof(PSCmdlet).BaseType; type is not null; type = type.BaseType)
        {
            var property = type.GetProperty(PipelineObjectName, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            if (property?.GetMethod is { } getter && property.PropertyType == typeof(PSObject))
            {
                return getter.CreateDelegate<Func<PSCmdlet, PSObject?>>();
            }
        }

        return null;
    }

    private static Func<PSObject, int>? CompileOwnMemberCount()
    {
        try
        {
            var members = typeof(PSObject).GetProperty("InstanceMembers", BindingFlags.Instance | BindingFlags.NonPublic);
            var count = members?.PropertyType.GetProperty("Count", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
            if (members is null || count is null || count.PropertyType != typeof(int))
            {
                return null;
            }

            var value = Expression.Parameter(typeof(PSObject), "value");
            return Expression.Lambda<Func<PSObject, int>>(Expression.Property(Expression.Property(value, members), count), value).Compile();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or MemberAccessException)
        {
            return null;
        }
    }
}
