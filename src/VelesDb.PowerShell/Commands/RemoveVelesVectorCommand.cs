using System.Management.Automation;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Deletes records by key (integer ids or text keys). Ids are confirmed one by one (-WhatIf, -Confirm) and queued into the
/// store's write scope, which deletes them in batches, each one atomic step, and makes them all
/// durable once, when the cmdlet ends. What was confirmed is deleted even if the pipeline stops early.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "VelesVector", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Remove-VelesVector.md")]
[OutputType(typeof(void))]
public sealed class RemoveVelesVectorCommand : VelesWritingCmdlet
{

    /// <summary>The store's handle. (Ids take the pipeline by value; a piped object's store comes in as -Path.)</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>
    /// The ids to delete. Ids from the pipeline, or the Id property of piped objects (Get-VelesVector
    /// output). A value that is not an id is reported (VelesDb.InvalidId) and nothing is deleted for it.
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [VectorIdTransformation]
    public VectorId[]? Id { get; set; }

    /// <summary>Ids per delete call (one durable step each).</summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; } = 1000;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var writer = WriterFor(store, opened => opened.BeginWrite(new WriteScopeOptions { BatchSize = BatchSize }));
        var backing = RequireOpen(store);

        try
        {
            foreach (var given in Id!)
            {
                if (!given.TryGetKey(out var key))
                {
                    WriteError(given.ToErrorRecord());
                    continue;
                }

                if (!backing.Contains(key))
                {
                    WriteError(VelesErrors.VectorMissing(key, store.Path));
                    continue;
                }

                if (ShouldProcess($"vector {VelesErrors.Named(key)} in '{store.Path}'", "Remove vector"))
                {
                    writer.Remove(key);
                }
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }

    private protected override void OnCommitted(IStoreWriter writer, VelesStore store) =>
        WriteVerbose($"Removed {writer.RemovedCount} vectors from '{store.Path}'.");
}
