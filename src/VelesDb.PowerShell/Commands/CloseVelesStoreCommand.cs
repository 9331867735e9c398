using System.Management.Automation;

namespace VelesDb.PowerShell.Commands;

/// <summary>Flushes a store and releases its files, maps and lock, for every runspace of the process.</summary>
[Cmdlet(VerbsCommon.Close, "VelesStore", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Close-VelesStore.md")]
[OutputType(typeof(void))]
public sealed class CloseVelesStoreCommand : VelesStoreCmdlet
{
    /// <summary>The handle to close. Closing a closed handle does nothing.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <inheritdoc/>
    /// <remarks>-Path names a store open in this process; it is never opened just to be closed.</remarks>
    protected override void BeginProcessing()
    {
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
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
}
