using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Verification;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Verifies whole stores (every record's checksum and key, the index against the data, the
/// attributes, the log and the index file) and returns one report per store. Damage is a report, not a stop: each
/// piece is also a non-terminating VelesDb.StoreCorrupted error. With -Repair, drops exactly the
/// damaged records through a logged delete. Runs while other runspaces read and write.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "VelesStore", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, HelpUri = HelpLinks.Docs + "Test-VelesStore.md")]
[OutputType(typeof(VelesVerificationReport))]
public sealed class TestVelesStoreCommand : VelesCmdlet, IDisposable
{
    private const string StoreSet = "Store";
    private const string PathSet = "Path";

    private readonly CancellationTokenSource _stopping = new();

    /// <summary>The store to verify.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public VelesStore? Store { get; set; }

    /// <summary>
    /// Store folders (or server URIs) to verify, also from the pipeline. An open handle is reused; a
    /// store that is not open is opened for the check and closed after it.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("StorePath", "PSPath", "FullName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(StorePathCompleter))]
    public string[]? Path { get; set; }

    /// <summary>Drops the damaged records (and replaces a damaged log with a checkpoint) after the check.</summary>
    [Parameter]
    public SwitchParameter Repair { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == StoreSet)
        {
            Verify(Store!);
            return;
        }

        foreach (var location in Path!)
        {
            var locator = ResolveLocator(location);
            var wasOpen = StoreRegistry.TryGet(locator, out _);
            if (TryGetOrOpenStore(locator, durability: null, out var error) is not { } store)
            {
                // A store that cannot even be opened (a damaged header, a lock) is one bad item: the other paths go on.
                WriteError(error!);
                continue;
            }

            try
            {
                Verify(store);
            }
            finally
            {
                if (!wasOpen)
                {
                    CloseOpenedForCheck(store);
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override void StopProcessing() => _stopping.Cancel();

    /// <inheritdoc/>
    public void Dispose() => _stopping.Dispose();

    private void Verify(VelesStore store)
    {
        if (!store.IsOpen)
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"The store '{store.Path}' is closed. Open it again with Open-VelesStore, or pass -Path to open it."),
                VelesErrors.StoreClosed, ErrorCategory.ResourceUnavailable, store));
            return;
        }

        if (store.Backing is not IVerifyingStore engine)
        {
            WriteEngineError(new CapabilityNotSupportedException(store.Backend, store.Path, "verification"), store);
            return;
        }

        var progress = ProgressBar.Verification(this, store.Path);
        try
        {
            var report = engine.Check(progress, _stopping.Token);
            if (Repair && !report.IsHealthy && ShouldProcess(store.Path, RepairAction(report)))
            {
                report = RepairOrKeep(engine, store, report, progress);
            }

            var result = new VelesVerificationReport(store.Path, report);
            foreach (var damage in result.Damaged)
            {
                WriteError(new ErrorRecord(
                    new StoreCorruptedException(damage.File, damage.Offset, damage.Problem),
                    VelesErrors.StoreCorrupted, ErrorCategory.InvalidData, damage));
            }

            WriteObject(result);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            throw new PipelineStoppedException();
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            // The store cannot go on (closed meanwhile, a failed disk): this store's check stops, the next path's does not.
            WriteEngineError(e, store);
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>The repair's report; on a backend that cannot repair, a VelesDb.NotSupported error and the check's report as it was.</summary>
    private VerificationReport RepairOrKeep(IVerifyingStore engine, VelesStore store, VerificationReport checkedReport, ProgressBar progress)
    {
        try
        {
            return engine.Repair(progress, _stopping.Token);
        }
        catch (NotSupportedException)
        {
            WriteEngineError(new CapabilityNotSupportedException(store.Backend, store.Path, "repair", "The report below still lists the damage."), store);
            return checkedReport;
        }
    }

    /// <summary>What -Repair will do, naming the records, for -WhatIf and -Confirm.</summary>
    private static string RepairAction(VerificationReport report)
    {
        var keys = report.Damage.Where(damage => damage.Key is not null).Select(damage => VelesErrors.Named(damage.Key!.Value)).Distinct().ToArray();
        var shown = keys.Length <= 10 ? string.Join(", ", keys) : string.Join(", ", keys.Take(10)) + $" and {keys.Length - 10} more";
        var records = keys.Length == 0 ? string.Empty : $"Drop {keys.Length} damaged record(s) ({shown})";
        var log = report.Damage.Any(damage => damage.Kind is DamageKind.Log or DamageKind.Index) ? "replace the damaged log or index file with a checkpoint" : string.Empty;
        return string.Join(" and ", new[] { records, log }.Where(part => part.Length > 0));
    }

    private void CloseOpenedForCheck(VelesStore store)
    {
        try
        {
            StoreRegistry.Close(store);
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            WriteEngineError(e, store);
        }
    }
}
