using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// The base of every cmdlet that works on one store, given as <c>-Store</c> (a handle) or
/// <c>-Path</c> (opened now, or the handle already open for that locator in this process).
/// </summary>
/// <remarks>
/// <c>-Path</c> also binds from the pipeline by property name (Path of a VelesStore, StorePath of
/// a VelesVector or VelesSearchResult), so output piped from one cmdlet to the next carries its
/// store along. A path given as an argument is resolved once, in <see cref="BeginProcessing"/>;
/// one bound from the pipeline is resolved again only when it changes. <c>-Store</c> is declared
/// by each cmdlet, because how it binds from the pipeline differs: Get-VelesMetrics takes the
/// handle by value, Get-VelesVector takes ids by value and so takes the handle only as an argument.
/// </remarks>
public abstract class VelesStoreCmdlet : VelesCmdlet
{
    /// <summary>The parameter set of <c>-Store</c>.</summary>
    protected const string StoreSet = "Store";

    /// <summary>The parameter set of <c>-Path</c>.</summary>
    protected const string PathSet = "Path";

    private VelesStore? _pathStore;
    private string? _resolvedPath;

    /// <summary>The store's handle. Each cmdlet declares the parameter with its own pipeline binding.</summary>
    public abstract VelesStore? Store { get; set; }

    /// <summary>The store's folder (or a server store's URI): its open handle is reused, or the store is opened (and stays open).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("StorePath")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorePathCompleter))]
    public string? Path { get; set; }

    /// <summary>
    /// The handle of the current record's store: -Store, or the store -Path names, opened (or its
    /// open handle found) once per distinct path.
    /// </summary>
    protected VelesStore ResolveStore()
    {
        if (ParameterSetName != PathSet)
        {
            return Store ?? throw new InvalidOperationException("No store is bound; PowerShell's binding should have required -Store or -Path.");
        }

        if (!string.Equals(Path, _resolvedPath, StringComparison.Ordinal))
        {
            _pathStore = GetOrOpenStore(ResolveLocator(Path!), durability: null)!;
            _resolvedPath = Path;
        }

        return _pathStore!;
    }

    /// <summary>The current record's store, open; a closed store stops the cmdlet with VelesDb.StoreClosed.</summary>
    protected IVectorStore ResolveOpenStore() => RequireOpen(ResolveStore());

    /// <summary>The store behind <paramref name="store"/>; a closed one stops the cmdlet with VelesDb.StoreClosed.</summary>
    protected IVectorStore RequireOpen(VelesStore store)
    {
        if (!store.IsOpen)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"The store '{store.Path}' is closed. Open it again with Open-VelesStore, or pass -Path to open it."),
                VelesErrors.StoreClosed, ErrorCategory.ResourceUnavailable, store));
        }

        return store.Backing;
    }

    /// <summary>
    /// The optional capability <typeparamref name="T"/> of the store, or null after writing a
    /// VelesDb.NotSupported error that names the store's backend and <paramref name="capability"/>.
    /// </summary>
    protected T? GetCapability<T>(VelesStore store, string capability)
        where T : class
    {
        if (RequireOpen(store) is T supported)
        {
            return supported;
        }

        WriteEngineError(new CapabilityNotSupportedException(store.Backend, store.Path, capability), store);
        return null;
    }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (ParameterSetName == PathSet && Path is not null)
        {
            _ = ResolveStore();
        }
    }
}
