using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>Creates a store in a folder and returns its handle.</summary>
[Cmdlet(VerbsCommon.New, "VelesStore", DefaultParameterSetName = PathSet, HelpUri = HelpLinks.Docs + "New-VelesStore.md")]
[OutputType(typeof(VelesStore))]
public sealed class NewVelesStoreCommand : VelesCmdlet
{
    private const string PathSet = "Path";
    private const string UriSet = "Uri";

    /// <summary>The folder for the new store (created if missing; must not hold a store).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>A server store's location: redis://host:port/name, or rediss:// for TLS. A user and password belong in -Credential (one in the URI is used when -Credential is not given).</summary>
    [Parameter(Mandatory = true, ParameterSetName = UriSet)]
    [ValidateNotNull]
    [ServerUriTransformation]
    public Uri? Uri { get; set; }

    /// <summary>The ACL user and password of the server; never shown in the handle, its path or an error.</summary>
    [Parameter(ParameterSetName = UriSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>The metric a server store searches with, fixed at creation: Cosine (the default), DotProduct or Euclidean. Embedded stores take the metric per search.</summary>
    [Parameter]
    public DistanceMetric Metric { get; set; } = DistanceMetric.Cosine;

    /// <summary>How a server store keeps its vectors: None (the default, reads return exactly what was added) or Int8 (the server's Q8).</summary>
    [Parameter]
    public StoreQuantization Quantization { get; set; } = StoreQuantization.None;

    /// <summary>How many vector sets, on different nodes of a cluster, a server store spreads over. 1 (the default) for any other store.</summary>
    [Parameter]
    [ValidateRange(1, 64)]
    public int Shards { get; set; } = 1;

    /// <summary>Components per vector, fixed for the store's life.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, MmapVectorStore.MaxDimension)]
    public int Dimension { get; set; }

    /// <summary>What a write has survived when its cmdlet returns: Full (power loss, the default) or Process (a killed process).</summary>
    [Parameter]
    public Durability Durability { get; set; } = Durability.Full;

    /// <summary>
    /// When a store of the same dimension is already there, open it instead of failing; and create
    /// a store in a folder holding files that only look like a store's. Nothing is ever deleted or overwritten.
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        System.Net.NetworkCredential? fromUri = null;
        var locator = ParameterSetName == UriSet ? ResolveServerLocator(Uri!, out fromUri) : ResolveLocator(Path!);
        var credential = Credential?.GetNetworkCredential() ?? fromUri;
        var fullPath = locator.Canonical;
        StoreExistsException? existing = null;
        try
        {
            WriteObject(StoreRegistry.Create(locator, new StoreCreateOptions
            {
                Dimension = Dimension,
                Durability = Durability,
                Force = Force,
                Metric = MyInvocation.BoundParameters.ContainsKey(nameof(Metric)) ? Metric : null,
                Quantization = Quantization,
                Shards = Shards,
                Credential = credential,
            }));
            return;
        }
        catch (StoreExistsException exists) when (Force)
        {
            // -Force: like New-Item -Force on a folder, return the store that is there; when what is
            // there is no store (a file, say), the refusal to create stands.
            existing = exists;
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, fullPath);
        }

        var durability = MyInvocation.BoundParameters.ContainsKey(nameof(Durability)) ? Durability : (Durability?)null;
        var store = TryGetOrOpenStore(locator, durability, out var error, credential);
        if (store is null)
        {
            // Nothing to open there (a file, say): the refusal to create is the answer.
            ThrowTerminatingError(error!.Exception is StoreNotFoundException ? ToErrorRecord(existing!, fullPath) : error);
            return;
        }

        if (store.Dimension != Dimension)
        {
            ThrowTerminatingError(new ErrorRecord(
                new StoreExistsException(fullPath, $"a store of dimension {store.Dimension} is already there; -Force returns an existing store only when its dimension is -Dimension ({Dimension})."),
                VelesErrors.StoreExists, ErrorCategory.ResourceExists, fullPath));
        }

        WriteObject(store);
    }
}
