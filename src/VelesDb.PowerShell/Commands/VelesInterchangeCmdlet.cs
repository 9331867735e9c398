using System.Management.Automation;
using Microsoft.PowerShell.Commands;
using VelesDb.Engine.Contract;
using VelesDb.Interchange;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// What Export-VelesVector and Import-VelesVector share. As with Export-Csv and Import-Csv,
/// <c>-Path</c>/<c>-LiteralPath</c> name the file; the store comes as <c>-Store</c> (also from the
/// pipeline) or <c>-StorePath</c> (opened now, or the handle already open for it reused).
/// </summary>
public abstract class VelesInterchangeCmdlet : VelesCmdlet
{
    /// <summary>-Path and -Store.</summary>
    protected const string PathStoreSet = "PathStore";

    /// <summary>-LiteralPath and -Store.</summary>
    protected const string LiteralStoreSet = "LiteralPathStore";

    /// <summary>-Path and -StorePath.</summary>
    protected const string PathStorePathSet = "PathStorePath";

    /// <summary>-LiteralPath and -StorePath.</summary>
    protected const string LiteralStorePathSet = "LiteralPathStorePath";

    /// <summary>The store's handle, also from the pipeline.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathStoreSet, ValueFromPipeline = true)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralStoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public VelesStore? Store { get; set; }

    /// <summary>The store's folder (or a server store's URI): its open handle is reused, or the store is opened (and stays open).</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathStorePathSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralStorePathSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorePathCompleter))]
    public string? StorePath { get; set; }

    /// <summary>The file's format; unset, the file's extension says.</summary>
    [Parameter]
    public InterchangeFormat? Format { get; set; }

    /// <summary>True when the file was given as -LiteralPath.</summary>
    protected bool IsLiteral => ParameterSetName is LiteralStoreSet or LiteralStorePathSet;

    private VelesStore? _storePathStore;

    /// <summary>The store of the current pipeline input, open.</summary>
    protected VelesStore ResolveStore()
    {
        if (Store is { } store)
        {
            return store;
        }

        return _storePathStore ??= GetOrOpenStore(ResolveLocator(StorePath!), durability: null)!;
    }

    /// <summary>The contract's store behind a handle; a closed one stops the cmdlet with VelesDb.StoreClosed.</summary>
    protected IVectorStore RequireOpen(VelesStore store)
    {
        if (!store.IsOpen)
        {
            ThrowTerminatingError(new ErrorRecord(
                new InvalidOperationException($"The store '{store.Path}' is closed. Open it again with Open-VelesStore, or pass -StorePath to open it."),
                VelesErrors.StoreClosed, ErrorCategory.ResourceUnavailable, store));
        }

        return store.Backing;
    }

    /// <summary>A file-system path of the current location's provider, as given (no wildcards): the file to write.</summary>
    protected string ResolveNewFile(string path)
    {
        string resolved;
        ProviderInfo provider;
        try
        {
            resolved = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _);
        }
        catch (Exception e) when (e is ItemNotFoundException or System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            ThrowTerminatingError(new ErrorRecord(e, VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, path));
            throw;
        }

        RequireFileSystem(provider, path);
        return resolved;
    }

    /// <summary>The existing files <paramref name="path"/> names: wildcards expanded unless -LiteralPath.</summary>
    protected IReadOnlyList<string> ResolveExistingFiles(string path)
    {
        try
        {
            if (IsLiteral)
            {
                var literal = SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out var provider, out _);
                RequireFileSystem(provider, path);
                if (!File.Exists(literal))
                {
                    WriteError(new ErrorRecord(new FileNotFoundException($"The file '{literal}' does not exist.", literal), VelesErrors.InvalidPath, ErrorCategory.ObjectNotFound, path));
                    return [];
                }

                return [literal];
            }

            var files = GetResolvedProviderPathFromPSPath(path, out var found);
            RequireFileSystem(found, path);
            return [.. files.Where(File.Exists)];
        }
        catch (ItemNotFoundException e)
        {
            WriteError(new ErrorRecord(e, VelesErrors.InvalidPath, ErrorCategory.ObjectNotFound, path));
            return [];
        }
        catch (Exception e) when (e is System.Management.Automation.DriveNotFoundException or ProviderNotFoundException or NotSupportedException or ArgumentException)
        {
            WriteError(new ErrorRecord(e, VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, path));
            return [];
        }
    }

    private void RequireFileSystem(ProviderInfo provider, string path)
    {
        if (provider.ImplementingType != typeof(FileSystemProvider))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The path '{path}' is on the {provider.Name} provider; the file must be on the file system."),
                VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, path));
        }
    }

    /// <summary>The key a store record has in a file.</summary>
    protected static RowKey ToRowKey(RecordKey key) => key.IsText ? RowKey.OfText(key.Text!) : RowKey.OfNumber(key.Number);
}
