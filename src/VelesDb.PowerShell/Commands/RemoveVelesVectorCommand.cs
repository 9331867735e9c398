using System.Management.Automation;
using VelesDb.Engine;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Deletes vectors by id. Ids are confirmed one by one (-WhatIf, -Confirm) and deleted in
/// batches, each one atomic step; in Full durability one flush, when the cmdlet ends, makes them
/// all durable. What was confirmed is deleted even if the pipeline stops early.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "VelesVector", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Remove-VelesVector.md")]
[OutputType(typeof(void))]
public sealed class RemoveVelesVectorCommand : VelesStoreCmdlet, IDisposable
{
    private readonly List<ulong> _pending = [];
    private VelesStore? _pendingStore;

    /// <summary>The store deleted from without a sync since the last flush, if any.</summary>
    private VelesStore? _unflushed;

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
        var store = CurrentStore;
        var engine = Engine;
        if (!ReferenceEquals(store, _pendingStore))
        {
            Commit();
            FlushDeferred(ref _unflushed);
            _pendingStore = store;
        }

        foreach (var given in Id!)
        {
            if (!given.TryGetValue(out var id))
            {
                WriteError(given.ToErrorRecord());
                continue;
            }

            if (!engine.Contains(id))
            {
                WriteError(VelesErrors.VectorMissing(id, store.Path));
                continue;
            }

            if (ShouldProcess($"vector {id} in '{store.Path}'", "Remove vector"))
            {
                _pending.Add(id);
                if (_pending.Count >= BatchSize)
                {
                    Commit();
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        Commit();
        FlushDeferred(ref _unflushed);
    }

    /// <summary>Nothing to interrupt: a delete call is short and atomic. What was confirmed is deleted in <see cref="Dispose"/>.</summary>
    protected override void StopProcessing()
    {
    }

    /// <summary>Deletes what was confirmed when the pipeline stopped early (Select-Object -First, Ctrl+C, an error downstream), and flushes.</summary>
    public void Dispose()
    {
        try
        {
            if (_pending.Count > 0 && _pendingStore is { IsOpen: true } store)
            {
                _ = store.Engine.DeleteBatch(_pending.ToArray(), DeferredDurability(store, ref _unflushed));
            }

            if (_unflushed is { IsOpen: true } unflushed)
            {
                unflushed.Engine.Flush();
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            // The pipeline is gone, so there is no one to tell: these deletes were never acknowledged,
            // and a failed store reports its failure on the next command.
        }
        finally
        {
            _pending.Clear();
            _unflushed = null;
        }
    }

    private void Commit()
    {
        if (_pending.Count == 0 || _pendingStore is null)
        {
            return;
        }

        var store = _pendingStore;
        try
        {
            var deleted = store.Engine.DeleteBatch(_pending.ToArray(), DeferredDurability(store, ref _unflushed));
            WriteVerbose($"Removed {deleted} vectors from '{store.Path}'.");
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
        finally
        {
            _pending.Clear();
        }
    }
}
