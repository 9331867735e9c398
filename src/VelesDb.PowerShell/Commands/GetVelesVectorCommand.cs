using System.Management.Automation;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>Returns vectors by id, or every vector of the store, streamed in id order.</summary>
[Cmdlet(VerbsCommon.Get, "VelesVector", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Get-VelesVector.md")]
[OutputType(typeof(VelesVector))]
public sealed class GetVelesVectorCommand : VelesStoreCmdlet
{
    /// <summary>The store's handle. (Ids take the pipeline by value; a piped object's store comes in as -Path.)</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>
    /// The ids to read; all vectors when omitted. Ids from the pipeline, or the Id property of
    /// piped objects. A value that is not an id is reported (VelesDb.InvalidId) and skipped.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [VectorIdTransformation]
    public VectorId[]? Id { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var backing = RequireOpen(store);
        try
        {
            if (Id is null)
            {
                // Streamed: each record is read as it is written out.
                WriteVerbose($"Reading {backing.Count} vectors from '{store.Path}'.");
                foreach (var record in backing.ReadAll())
                {
                    WriteObject(new VelesVector(record.Key.Number, record.Vector, store.Path));
                }

                return;
            }

            // One read for the valid ids; output and errors then follow the order the ids came in.
            var keys = new List<RecordKey>(Id.Length);
            foreach (var given in Id)
            {
                if (given.TryGetValue(out var id))
                {
                    keys.Add(id);
                }
            }

            var records = backing.Read(keys);
            var next = 0;
            foreach (var given in Id)
            {
                if (!given.TryGetValue(out var id))
                {
                    WriteError(given.ToErrorRecord());
                }
                else if (records[next++] is { } record)
                {
                    WriteObject(new VelesVector(record.Key.Number, record.Vector, store.Path));
                }
                else
                {
                    WriteError(VelesErrors.VectorMissing(id, store.Path));
                }
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }
}
