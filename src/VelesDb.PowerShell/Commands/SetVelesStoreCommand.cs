using System.Management.Automation;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Changes the settings of an existing store, kept on disk with it: -Quantization Int8 builds an
/// int8 copy of the vectors that exact searches scan first (with a progress bar), None deletes it.
/// The answers of Find-VelesVector stay the same either way; only their speed changes.
/// </summary>
[Cmdlet(VerbsCommon.Set, "VelesStore", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, HelpUri = HelpLinks.Docs + "Set-VelesStore.md")]
[OutputType(typeof(VelesStore))]
public sealed class SetVelesStoreCommand : VelesStoreCmdlet
{
    /// <summary>The store to change, also from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>None: searches scan the float32 vectors only. Int8: an int8 copy of the vectors is kept beside them and scanned first.</summary>
    [Parameter(Mandatory = true)]
    public StoreQuantization Quantization { get; set; }

    /// <summary>Returns the store's handle.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        if (GetCapability<IQuantizingStore>(store, "changing the quantization of an existing store") is not { } engine)
        {
            return;
        }

        var current = engine.Quantization;
        var action = current == Quantization
            ? $"Keep quantization {Quantization} (and bring its derived files up to date)"
            : Quantization == StoreQuantization.None
                ? $"Set quantization from {current} to None (deletes the int8 copy of the vectors)"
                : $"Set quantization from {current} to {Quantization} (builds an int8 copy of the {store.Count:N0} vectors)";
        if (!ShouldProcess(store.Path, action))
        {
            return;
        }

        var progress = ProgressBar.Quantization(this, store.Path);
        try
        {
            engine.SetQuantization(Quantization, progress);
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
        finally
        {
            progress.Complete();
        }

        if (PassThru)
        {
            WriteObject(store);
        }
    }
}
