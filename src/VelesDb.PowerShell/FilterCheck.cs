using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Filters;

namespace VelesDb.PowerShell;

/// <summary>
/// Checks a -Filter expression once, when the cmdlet starts: a malformed filter is one terminating
/// VelesDb.InvalidFilter error that shows the filter with a caret at the position, raised before any
/// record is read or any query of the pipeline is searched. Every backend takes the same language,
/// so the engine's parser answers for all of them.
/// </summary>
internal static class FilterCheck
{
    /// <summary>The error for a filter that does not parse, or null for one that does (or for none).</summary>
    internal static ErrorRecord? Problem(string? filter)
    {
        if (filter is null)
        {
            return null;
        }

        try
        {
            _ = Filter.Parse(filter);
            return null;
        }
        catch (InvalidFilterException e)
        {
            return VelesErrors.FromException(e, filter);
        }
    }
}
