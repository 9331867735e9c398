using System.Globalization;
using System.Management.Automation;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Writes an online, consistent snapshot of a store into a new folder while writers go on, and
/// returns what it wrote. The folder appears only once the copy is complete, synced and verified;
/// it is a store that Open-VelesStore opens.
/// </summary>
[Cmdlet(VerbsData.Backup, "VelesStore", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Docs + "Backup-VelesStore.md")]
[OutputType(typeof(VelesBackupResult))]
public sealed class BackupVelesStoreCommand : VelesStoreCmdlet
{
    /// <summary>The store to back up.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>The folder to create for the backup; it must not exist.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Destination { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        if (GetCapability<IBackupStore>(store, "backup") is not { } engine)
        {
            return;
        }

        var destination = ResolveDestination(Destination!);
        var action = string.Create(CultureInfo.InvariantCulture, $"Back up {store.Count} records to '{destination}'");
        if (!ShouldProcess(store.Path, action))
        {
            return;
        }

        var progress = ProgressBar.Backup(this, store.Path);
        try
        {
            var result = engine.Backup(destination, progress);
            WriteObject(new VelesBackupResult(store.Path, result.Destination, result.Records, result.Bytes, result.Duration));
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            // One store's failed backup (an existing destination, a damaged slot) does not stop the others piped in.
            WriteEngineError(e, destination);
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>The destination as a full file-system path, resolved against the current PowerShell location.</summary>
    private string ResolveDestination(string destination)
    {
        if (destination.Contains("://", StringComparison.Ordinal))
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The destination '{destination}' is a URI; a backup is written into a file-system folder."),
                VelesErrors.InvalidPath, ErrorCategory.InvalidArgument, destination));
        }

        return ResolveLocator(destination).Canonical;
    }
}
