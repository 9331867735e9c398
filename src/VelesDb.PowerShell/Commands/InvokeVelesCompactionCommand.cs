using System.Globalization;
using System.Management.Automation;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Rewrites a store's live vectors into a new data file, reclaiming the slots of deleted and
/// overwritten vectors, and returns what it reclaimed. Crash-atomic: a crash leaves the old
/// store or the new one. Writers wait meanwhile; readers go on.
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VelesCompaction", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Invoke-VelesCompaction.md")]
[OutputType(typeof(VelesCompactionResult))]
public sealed class InvokeVelesCompactionCommand : VelesStoreCmdlet
{
    /// <summary>The store to compact.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>Compact only when the share of dead slots (FragmentationRatio, 0..1) is at least this; otherwise skip.</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double Threshold { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        if (GetCapability<ICompactingStore>(store, "compaction") is not { } engine)
        {
            return;
        }

        var before = engine.FragmentationRatio;
        if (before < Threshold)
        {
            WriteVerbose(string.Create(CultureInfo.InvariantCulture,
                $"Skipped '{store.Path}': fragmentation {before:P1} is below the threshold {Threshold:P1}."));
            WriteObject(Skipped(store, before));
            return;
        }

        var action = string.Create(CultureInfo.InvariantCulture, $"Compact (fragmentation {before:P1}, {store.Count} live vectors)");
        if (!ShouldProcess(store.Path, action))
        {
            return;
        }

        var progress = ProgressBar.Compaction(this, store.Path);
        try
        {
            var result = engine.Compact(progress);
            WriteObject(new VelesCompactionResult(store.Path, result.Skipped, result.BytesReclaimed, result.VectorsMoved,
                result.DeadSlotsRemoved, before, engine.FragmentationRatio, result.Duration));
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
        finally
        {
            progress.Complete();
        }
    }

    private static VelesCompactionResult Skipped(VelesStore store, double fragmentation) =>
        new(store.Path, skipped: true, 0, 0, 0, fragmentation, fragmentation, TimeSpan.Zero);
}
