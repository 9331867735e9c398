using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>Opens an existing store (recovering from its log after a crash) and returns its handle.</summary>
[Cmdlet(VerbsCommon.Open, "VelesStore", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "Open-VelesStore.md")]
[OutputType(typeof(VelesStore))]
public sealed class OpenVelesStoreCommand : VelesCmdlet
{
    private const string PathSet = "Path";
    private const string UriSet = "Uri";

    /// <summary>
    /// The stores' folders, as arguments or from the pipeline: one handle per path, in order. A
    /// store already open in this process returns its handle.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorePathCompleter))]
    public string[]? Path { get; set; }

    /// <summary>Server stores' locations: redis://host:port/name, or rediss:// for TLS. A user and password belong in -Credential.</summary>
    [Parameter(Mandatory = true, ParameterSetName = UriSet, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    [ServerUriTransformation]
    public Uri[]? Uri { get; set; }

    /// <summary>The ACL user and password of the server; never shown in the handle, its path or an error.</summary>
    [Parameter(ParameterSetName = UriSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>What a write has survived when its cmdlet returns: Full (the default) or Process.</summary>
    [Parameter]
    public Durability Durability { get; set; } = Durability.Full;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var durability = MyInvocation.BoundParameters.ContainsKey(nameof(Durability)) ? Durability : (Durability?)null;
        var given = Credential?.GetNetworkCredential();
        if (ParameterSetName == UriSet)
        {
            foreach (var uri in Uri!)
            {
                var locator = ResolveServerLocator(uri, out var fromUri);
                WriteIfOpened(GetOrOpenStore(locator, durability, terminating: false, given ?? fromUri));
            }

            return;
        }

        foreach (var path in Path!)
        {
            // A path that cannot be opened is reported; the paths after it are still opened.
            WriteIfOpened(GetOrOpenStore(ResolveLocator(path), durability, terminating: false, given));
        }
    }

    private void WriteIfOpened(VelesStore? store)
    {
        if (store is not null)
        {
            WriteObject(store);
        }
    }
}
