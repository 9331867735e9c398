using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Returns records by key, or every record of the store (or every one a filter matches), streamed
/// in key order, each with its attributes unless -ExcludeAttributes.
/// </summary>
[Cmdlet(VerbsCommon.Get, "VelesVector", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Get-VelesVector.md")]
[OutputType(typeof(VelesVector))]
public sealed class GetVelesVectorCommand : VelesStoreCmdlet
{
    /// <summary>The store's handle. (Keys take the pipeline by value; a piped object's store comes in as -Path.)</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>
    /// The keys to read (integer ids or text keys); all records when omitted. Keys from the pipeline,
    /// or the Id property of piped objects. A value that is not a key is reported (VelesDb.InvalidId) and skipped.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [VectorIdTransformation]
    public VectorId[]? Id { get; set; }

    /// <summary>Only the records whose attributes match this filter expression (the language of about_VelesDb); not with -Id.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>Leaves the attributes out (Attributes is then null), which saves reading them.</summary>
    [Parameter]
    public SwitchParameter ExcludeAttributes { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (FilterCheck.Problem(Filter) is { } problem)
        {
            ThrowTerminatingError(problem);
        }

        base.BeginProcessing();
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (Filter is not null && Id is not null)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException("-Filter selects records by their attributes and cannot be combined with -Id. Give one or the other, or pipe the records Get-VelesVector -Filter returns on to Where-Object."),
                VelesErrors.InvalidArgument, ErrorCategory.InvalidArgument, Filter));
        }

        var store = ResolveStore();
        var backing = RequireOpen(store);
        var options = new ReadOptions { Attributes = !ExcludeAttributes, Filter = Filter };
        try
        {
            if (Id is null)
            {
                // Streamed: each record is read as it is written out. A filter that does not parse
                // throws from ReadAll itself, before anything is read or written.
                WriteVerbose(Filter is null ? $"Reading {backing.Count} vectors from '{store.Path}'." : $"Reading the vectors of '{store.Path}' that match {Filter}.");
                foreach (var record in backing.ReadAll(options))
                {
                    WriteObject(Present(record, store));
                }

                return;
            }

            // One read for the valid keys; output and errors then follow the order the keys came in.
            var keys = new List<RecordKey>(Id.Length);
            foreach (var given in Id)
            {
                if (given.TryGetKey(out var key))
                {
                    keys.Add(key);
                }
            }

            var records = backing.Read(keys, options);
            var next = 0;
            foreach (var given in Id)
            {
                if (!given.TryGetKey(out var key))
                {
                    WriteError(given.ToErrorRecord());
                }
                else if (records[next++] is { } record)
                {
                    WriteObject(Present(record, store));
                }
                else
                {
                    WriteError(VelesErrors.VectorMissing(key, store.Path));
                }
            }
        }
        catch (InvalidFilterException e)
        {
            ThrowEngineError(e, Filter);
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }

    /// <summary>A record as this cmdlet (and Set-VelesVector -PassThru) writes it.</summary>
    internal static PSObject Present(VectorRecord record, VelesStore store) =>
        RecordOutput.Of(new VelesVector(record.Key, record.Vector, AttributeDecoder.ToObject(record.Attributes), store.Path));
}
