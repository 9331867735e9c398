using System.Management.Automation;

namespace VelesDb.PowerShell.Commands;

/// <summary>Lists the stores open in this session (every runspace of the process shares them), in path order.</summary>
[Cmdlet(VerbsCommon.Get, "VelesStore", HelpUri = HelpLinks.Docs + "Get-VelesStore.md")]
[OutputType(typeof(VelesStore))]
public sealed class GetVelesStoreCommand : VelesCmdlet
{
    /// <summary>Only the stores whose path (or locator) matches one of these wildcard patterns.</summary>
    [Parameter(Position = 0)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorePathCompleter))]
    public string[]? Path { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var patterns = Path?.Select(pattern => new WildcardPattern(pattern, OperatingSystem.IsLinux() ? WildcardOptions.None : WildcardOptions.IgnoreCase)).ToArray();
        foreach (var store in StoreRegistry.Snapshot().OrderBy(store => store.Path, StringComparer.Ordinal))
        {
            if (patterns is null || patterns.Any(pattern => pattern.IsMatch(store.Path)))
            {
                WriteObject(store);
            }
        }
    }
}
