using System.Management.Automation;
using VelesDb.Engine;

namespace VelesDb.PowerShell.Commands;

/// <summary>Opens an existing store (recovering from its log after a crash) and returns its handle.</summary>
[Cmdlet(VerbsCommon.Open, "VelesStore", HelpUri = HelpLinks.Docs + "Open-VelesStore.md")]
[OutputType(typeof(VelesStore))]
public sealed class OpenVelesStoreCommand : VelesCmdlet
{
    /// <summary>
    /// The stores' folders, as arguments or from the pipeline: one handle per path, in order. A
    /// store already open in this process returns its handle.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorePathCompleter))]
    public string[]? Path { get; set; }

    /// <summary>What a write has survived when its cmdlet returns: Full (the default) or Process.</summary>
    [Parameter]
    public Durability Durability { get; set; } = Durability.Full;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var durability = MyInvocation.BoundParameters.ContainsKey(nameof(Durability)) ? Durability : (Durability?)null;
        foreach (var path in Path!)
        {
            // A path that cannot be opened is reported; the paths after it are still opened.
            var store = GetOrOpenStore(ResolveLocator(path), durability, terminating: false);
            if (store is not null)
            {
                WriteObject(store);
            }
        }
    }
}
