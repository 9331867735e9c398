using System.Management.Automation;

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
        var store = CurrentStore;
        var engine = Engine;
        try
        {
            if (Id is null)
            {
                WriteAll(store, engine);
                return;
            }

            foreach (var given in Id)
            {
                if (!given.TryGetValue(out var id))
                {
                    WriteError(given.ToErrorRecord());
                    continue;
                }

                var vector = engine.Retrieve(id);
                if (vector is null)
                {
                    WriteError(VelesErrors.VectorMissing(id, store.Path));
                }
                else
                {
                    WriteObject(new VelesVector(id, vector, store.Path));
                }
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }

    /// <summary>Streams every vector: only the ids are snapshotted; each vector is read as it is written out.</summary>
    private void WriteAll(VelesStore store, VelesDb.Engine.MmapVectorStore engine)
    {
        var ids = engine.Ids().ToArray();
        Array.Sort(ids);
        WriteVerbose($"Reading {ids.Length} vectors from '{store.Path}'.");
        foreach (var id in ids)
        {
            // A vector deleted since the snapshot is simply no longer there.
            var vector = engine.Retrieve(id);
            if (vector is not null)
            {
                WriteObject(new VelesVector(id, vector, store.Path));
            }
        }
    }
}
