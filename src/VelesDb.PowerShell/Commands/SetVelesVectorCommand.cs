using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Replaces the attributes of stored records, keeping their vectors. Keys are confirmed one by one
/// (-WhatIf, -Confirm) and queued into the store's write scope, which writes them in batches and
/// makes them durable once, when the cmdlet ends. What was confirmed is written even if the
/// pipeline stops early.
/// </summary>
[Cmdlet(VerbsCommon.Set, "VelesVector", DefaultParameterSetName = StoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Set-VelesVector.md")]
[OutputType(typeof(VelesVector))]
public sealed class SetVelesVectorCommand : VelesWritingCmdlet
{
    private readonly List<RecordKey> _updated = [];
    private RecordAttributes _attributes = RecordAttributes.Empty;

    /// <summary>The store's handle. (Keys take the pipeline by value; a piped object's store comes in as -Path.)</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>
    /// The keys of the records to change (integer ids or text keys). Keys from the pipeline, or the
    /// Id property of piped objects (Get-VelesVector output). A value that is not a key is reported
    /// (VelesDb.InvalidId); a key that is not stored is reported (VelesDb.VectorNotFound).
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [VectorIdTransformation]
    public VectorId[]? Id { get; set; }

    /// <summary>
    /// The new attributes, replacing the old ones entirely: a hashtable, an ordered dictionary, a
    /// PSCustomObject or a JSON object string. <c>@{}</c> clears them.
    /// </summary>
    [Parameter(Mandatory = true)]
    [AllowNull]
    public object? Attributes { get; set; }

    /// <summary>Writes each updated record, as Get-VelesVector would, once the changes are durable.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        try
        {
            _attributes = AttributeEncoder.FromArgument(Attributes);
        }
        catch (InvalidAttributesException e)
        {
            // The same attributes for every record: none of them could be set.
            ThrowTerminatingError(new ErrorRecord(e, VelesErrors.InvalidAttributes, ErrorCategory.InvalidData, Attributes));
        }

        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var writer = WriterFor(store, opened => opened.BeginWrite());
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

                if (!ShouldProcess($"vector {VelesErrors.Named(key)} in '{store.Path}'", "Set attributes"))
                {
                    continue;
                }

                // The scope checks again once the writes queued before are applied (a delete, say).
                if (writer.SetAttributes(key, _attributes))
                {
                    _updated.Add(key);
                }
                else
                {
                    WriteError(VelesErrors.VectorMissing(key, store.Path));
                }
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }

    private protected override void OnCommitted(IStoreWriter writer, VelesStore store)
    {
        WriteVerbose($"Set the attributes of {_updated.Count} vectors in '{store.Path}'.");
        if (!PassThru || _updated.Count == 0)
        {
            return;
        }

        foreach (var record in store.Backing.Read(_updated))
        {
            if (record is not null)
            {
                WriteObject(GetVelesVectorCommand.Present(record, store));
            }
        }
    }

    private protected override void OnReleased() => _updated.Clear();
}
