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
public sealed class RemoveVelesVectorCommand : VelesStoreCmdlet, IDisposable
{
    private IStoreWriter? _writer;
    private VelesStore? _writerStore;

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
        var backing = RequireOpen(store);
        if (!ReferenceEquals(store, _writerStore))
        {
            CommitWriter();
            _writer = backing.BeginWrite(new WriteScopeOptions { BatchSize = BatchSize });
            _writerStore = store;
        }

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
                    _writer!.Remove(key);
                }
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => CommitWriter();

    /// <summary>Nothing to interrupt: a delete call is short and atomic. What was confirmed is deleted in <see cref="Dispose"/>.</summary>
    protected override void StopProcessing()
    {
    }

    /// <summary>Deletes what was confirmed when the pipeline stopped early (Select-Object -First, Ctrl+C, an error downstream), durably.</summary>
    public void Dispose()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            // The pipeline is gone, so there is no one to tell: these deletes were never acknowledged,
            // and a failed store reports its failure on the next command.
        }
        finally
        {
            _writer = null;
            _writerStore = null;
        }
    }

    private void CommitWriter()
    {
        if (_writer is not { } writer || _writerStore is not { } store)
        {
            return;
        }

        try
        {
            writer.Commit();
            WriteVerbose($"Removed {writer.RemovedCount} vectors from '{store.Path}'.");
            writer.Dispose();
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
        finally
        {
            _writer = null;
            _writerStore = null;
        }
    }
}
