using System.Management.Automation;

namespace VelesDb.PowerShell.Commands;

/// <summary>Flushes a store (or, with -All, every store open in this session) and releases its files, maps and lock, for every runspace of the process.</summary>
[Cmdlet(VerbsCommon.Close, "VelesStore", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Close-VelesStore.md")]
[OutputType(typeof(void))]
public sealed class CloseVelesStoreCommand : VelesStoreCmdlet
{
    private const string AllSet = "All";

    /// <summary>The handle to close. Closing a closed handle does nothing.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>Closes every store open in this session (what Get-VelesStore lists).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    /// <inheritdoc/>
    /// <remarks>-Path names a store open in this process; it is never opened just to be closed.</remarks>
    protected override void BeginProcessing()
    {
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == AllSet)
        {
            CloseAll();
            return;
        }

        VelesStore store;
        if (ParameterSetName == PathSet)
        {
            var locator = ResolveLocator(Path!);
            if (!StoreRegistry.TryGet(locator, out store))
            {
                WriteError(new ErrorRecord(
                    new ItemNotFoundException($"No store is open at '{locator}' in this process, so there is nothing to close."),
                    VelesErrors.StoreNotOpen, ErrorCategory.ObjectNotFound, locator.Canonical));
                return;
            }
        }
        else
        {
            store = Store!;
        }

        try
        {
            WriteVerbose($"Closing the store '{store.Path}'.");
            StoreRegistry.Close(store);
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            WriteEngineError(e, store);
        }
    }

    /// <summary>Closes each open store; one that fails to close is an error, and the others still close.</summary>
    private void CloseAll()
    {
        foreach (var store in StoreRegistry.Snapshot())
        {
            try
            {
                WriteVerbose($"Closing the store '{store.Path}'.");
                StoreRegistry.Close(store);
            }
            catch (Exception e) when (VelesErrors.IsMapped(e))
            {
                WriteEngineError(e, store);
            }
        }
    }
}
