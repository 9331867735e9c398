using System.Management.Automation;
using VelesDb.Engine;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// The base of every cmdlet that works on one store, given as <c>-Store</c> (a handle) or
/// <c>-Path</c> (opened now, or the handle already open for that full path in this process).
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

    /// <summary>The store's folder: its open handle is reused, or the store is opened (and stays open).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet, ValueFromPipelineByPropertyName = true)]
    [Alias("StorePath")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorePathCompleter))]
    public string? Path { get; set; }

    /// <summary>The store of the current record.</summary>
    protected VelesStore CurrentStore
    {
        get
        {
            if (ParameterSetName != PathSet)
            {
                return Store ?? throw new InvalidOperationException("No store is bound; PowerShell's binding should have required -Store or -Path.");
            }

            if (!string.Equals(Path, _resolvedPath, StringComparison.Ordinal))
            {
                // A path from the pipeline: a new one is opened (or its open handle found) once.
                _pathStore = GetOrOpenStore(ResolveStorePath(Path!), durability: null)!;
                _resolvedPath = Path;
            }

            return _pathStore!;
        }
    }

    /// <summary>The engine of the current store; a closed store stops the cmdlet with VelesDb.StoreClosed.</summary>
    protected MmapVectorStore Engine
    {
        get
        {
            var store = CurrentStore;
            if (!store.IsOpen)
            {
                ThrowTerminatingError(new ErrorRecord(
                    new InvalidOperationException($"The store '{store.Path}' is closed. Open it again with Open-VelesStore, or pass -Path to open it."),
                    VelesErrors.StoreClosed, ErrorCategory.ResourceUnavailable, store));
            }

            return store.Engine;
        }
    }

    /// <summary>
    /// Makes what this cmdlet wrote without a sync to the store <paramref name="unflushed"/> names
    /// durable, so that the durability promise holds when it returns, and clears it. A failure
    /// stops the cmdlet.
    /// </summary>
    protected void FlushDeferred(ref VelesStore? unflushed)
    {
        if (unflushed is not { } store)
        {
            return;
        }

        unflushed = null;
        try
        {
            store.Engine.Flush();
            WriteVerbose($"Flushed the writes to '{store.Path}'.");
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }

    /// <summary>
    /// The durability for one batch of a cmdlet that flushes when it ends: none of its own in
    /// Full durability (<paramref name="unflushed"/> then names the store to flush), the store's otherwise.
    /// </summary>
    protected static Durability DeferredDurability(VelesStore store, ref VelesStore? unflushed)
    {
        if (store.Engine.Durability == Durability.Full)
        {
            unflushed = store;
        }

        return Durability.Process;
    }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (ParameterSetName == PathSet && Path is not null)
        {
            _ = CurrentStore;
        }
    }
}
