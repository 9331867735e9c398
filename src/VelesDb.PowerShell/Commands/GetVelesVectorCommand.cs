using System.Management.Automation;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>Returns vectors by id, or every vector of the store, streamed in id order.</summary>
[Cmdlet(VerbsCommon.Get, "VelesVector", DefaultParameterSetName = StoreSet)]
[OutputType(typeof(VelesVector))]
public sealed class GetVelesVectorCommand : VelesStoreCmdlet
{
    /// <summary>The store's handle. (Ids take the pipeline by value; a piped object's store comes in as -Path.)</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>The ids to read; all vectors when omitted. Ids from the pipeline, or the Id property of piped objects.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    public ulong[]? Id { get; set; }

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

            var keys = Array.ConvertAll(Id, id => (RecordKey)id);
            var records = backing.Read(keys);
            for (var i = 0; i < keys.Length; i++)
            {
                if (records[i] is { } record)
                {
                    WriteObject(new VelesVector(record.Key.Number, record.Vector, store.Path));
                }
                else
                {
                    WriteError(VelesErrors.VectorMissing(Id[i], store.Path));
                }
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }
}
