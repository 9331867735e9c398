using System.Management.Automation;
using System.Runtime.CompilerServices;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Inserts or overwrites vectors. Pipeline input is checked record by record and queued into the
/// store's write scope, which writes it in batches (the next one filling while one is written) and
/// makes everything durable once, when the cmdlet ends. Everything accepted is stored before the
/// cmdlet returns, also when the pipeline stops early.
/// </summary>
/// <remarks>
/// With -PassThru each batch is durable before its vectors are written out, because the output
/// says they are stored.
/// </remarks>
[Cmdlet(VerbsCommon.Add, "VelesVector", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Add-VelesVector.md")]
[OutputType(typeof(VelesVector))]
public sealed class AddVelesVectorCommand : VelesStoreCmdlet, IDisposable
{
    private IStoreWriter? _writer;
    private VelesStore? _writerStore;

    /// <summary>The store's handle, also from the pipeline.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>
    /// The vector's id: a whole number from 0 to 2^64-1, or a string of its digits. An existing id
    /// is overwritten. A value that is not an id is reported (VelesDb.InvalidId), never rounded.
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [VectorIdTransformation]
    public VectorId? Id { get; set; }

    /// <summary>The components: numbers of any kind, or a string "0.1,0.2,0.3", "0.1;0.2;0.3" or "[0.1, 0.2, 0.3]".</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Embedding")]
    [AllowEmptyCollection]
    [VectorTransformation]
    public float[]? Vector { get; set; }

    /// <summary>Writes each stored vector to the pipeline once its batch is stored.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Vectors per engine call (one durable step each). Larger batches sync less often. Unset: as
    /// many as fit in 4 MiB, at least 1,000.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; }

    /// <inheritdoc/>
    /// <remarks>
    /// Compiled fully optimized at its first call, as the engine's write path is: a pipeline is
    /// often over before tiered compilation would have optimized it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        if (!ReferenceEquals(store, _writerStore))
        {
            // A different store from the pipeline: what was accepted for the previous one is committed first.
            CommitWriter();
            _writer = RequireOpen(store).BeginWrite(new WriteScopeOptions { BatchSize = BatchSize, SyncEachBatch = PassThru, ReportStored = PassThru });
            _writerStore = store;
        }

        var given = Id ?? VectorId.From(null);
        if (!given.TryGetValue(out var id))
        {
            WriteError(given.ToErrorRecord());
            return;
        }

        var vector = Vector!;
        if (VectorTransformationAttribute.TryGetProblem(vector, out var problem))
        {
            WriteError(VelesErrors.BadVector(id, problem, id));
            return;
        }

        try
        {
            _writer!.Add(id, vector);
        }
        catch (Exception e) when (e is DimensionMismatchException or InvalidVectorException)
        {
            // One bad record spoils only itself.
            WriteEngineError(e, id);
            return;
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }

        WriteStored();
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => CommitWriter();

    /// <summary>
    /// Nothing to interrupt: a batch call is short and atomic. The vectors accepted so far are
    /// stored in <see cref="Dispose"/>, which PowerShell calls once the pipeline has stopped.
    /// </summary>
    protected override void StopProcessing()
    {
    }

    /// <summary>
    /// Stores what was accepted when the pipeline stopped early (Select-Object -First downstream,
    /// Ctrl+C, a terminating error elsewhere) and makes it durable. After a normal end there is
    /// nothing left to do.
    /// </summary>
    public void Dispose()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception e) when (e is AggregateException || VelesErrors.IsMapped(e))
        {
            // The pipeline is gone, so there is no one to tell: these writes were never acknowledged,
            // and a failed store reports its failure on the next command.
        }
        finally
        {
            _writer = null;
            _writerStore = null;
        }
    }

    /// <summary>Commits the scope of the store written so far, if any, and writes out what it stored with -PassThru.</summary>
    private void CommitWriter()
    {
        if (_writer is not { } writer || _writerStore is not { } store)
        {
            return;
        }

        try
        {
            writer.Commit();
            WriteVerbose($"Stored {writer.StoredCount} vectors in '{store.Path}'.");
            WriteStored();
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

    private void WriteStored()
    {
        if (!PassThru || _writer is null)
        {
            return;
        }

        foreach (var record in _writer.TakeStored())
        {
            WriteObject(new VelesVector(record.Key.Number, record.Vector, _writerStore!.Path));
        }
    }
}
