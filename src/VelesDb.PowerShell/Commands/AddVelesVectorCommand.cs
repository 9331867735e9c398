using System.Management.Automation;
using System.Runtime.CompilerServices;
using VelesDb.Engine;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Inserts or overwrites vectors. Pipeline input is checked item by item and stored in batches,
/// one engine call per batch. While one batch is being written, the next one fills from the
/// pipeline; batches are written one at a time, in order. Everything accepted is stored before
/// the cmdlet returns, also when the pipeline stops early.
/// </summary>
/// <remarks>
/// In Full durability the promise is kept when the cmdlet returns, so the batches are written
/// without a sync each and one flush at the end makes them all durable. With -PassThru each
/// batch is synced before its vectors are written out, because the output says they are stored.
/// </remarks>
[Cmdlet(VerbsCommon.Add, "VelesVector", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Add-VelesVector.md")]
[OutputType(typeof(VelesVector))]
public sealed class AddVelesVectorCommand : VelesStoreCmdlet, IDisposable
{
    /// <summary>A batch buffers at most this many components (64 MiB), whatever -BatchSize says.</summary>
    private const int MaxBufferedComponents = 16 * 1024 * 1024;

    /// <summary>
    /// Without -BatchSize, a batch holds about this many components (4 MiB): few enough to keep
    /// memory small, many enough that the per-batch sync is a small share of the cost.
    /// </summary>
    private const int AutomaticBatchComponents = 1024 * 1024;

    private Batch? _filling;
    private Batch? _spare;
    private Batch? _inFlight;
    private Task? _writing;

    /// <summary>The store written to without a sync since the last flush, if any.</summary>
    private VelesStore? _unflushed;

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
        var store = CurrentStore;
        if (_filling?.Store != store)
        {
            // A different store from the pipeline: what was accepted for the previous one is stored first.
            StartWrite();
            FinishWrite();
            FlushDeferred(ref _unflushed);
            _ = Engine; // a closed store stops the cmdlet here, before anything is accepted for it
            var wanted = BatchSize > 0 ? BatchSize : Math.Max(1000, AutomaticBatchComponents / store.Dimension);
            _filling = new Batch(store, Math.Clamp(MaxBufferedComponents / store.Dimension, 1, wanted));
            _spare = null;
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

        if (vector.Length != store.Dimension)
        {
            WriteError(VelesErrors.WrongDimension(id, store.Dimension, vector.Length, id));
            return;
        }

        var nonFinite = MmapVectorStore.IndexOfNonFinite(vector);
        if (nonFinite >= 0)
        {
            WriteError(VelesErrors.BadVector(id, $"component {nonFinite} is {vector[nonFinite]}; NaN and infinity are rejected.", id));
            return;
        }

        _filling.Add(id, vector);
        if (_filling.IsFull)
        {
            StartWrite();
        }
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        StartWrite();
        FinishWrite();
        FlushDeferred(ref _unflushed);
    }

    /// <summary>
    /// Nothing to interrupt: a batch call is short and atomic. The vectors accepted so far are
    /// stored in <see cref="Dispose"/>, which PowerShell calls once the pipeline has stopped.
    /// </summary>
    protected override void StopProcessing()
    {
    }

    /// <summary>
    /// Stores what was accepted when the pipeline stopped early (Select-Object -First downstream,
    /// Ctrl+C, a terminating error elsewhere), and flushes the batches written without a sync.
    /// After a normal end there is nothing left to do.
    /// </summary>
    public void Dispose()
    {
        try
        {
            _writing?.Wait();
            if (_filling is { Count: > 0 } batch && batch.Store.IsOpen)
            {
                batch.StoreInto(batch.Store.Engine, DeferredDurability(batch.Store, ref _unflushed));
            }

            if (_unflushed is { IsOpen: true } store)
            {
                store.Engine.Flush();
            }
        }
        catch (Exception e) when (e is AggregateException || VelesErrors.IsMapped(e))
        {
            // The pipeline is gone, so there is no one to tell: these writes were never acknowledged,
            // and a failed store reports its failure on the next command.
        }
        finally
        {
            _writing = null;
            _unflushed = null;
            _filling?.Clear();
        }
    }

    /// <summary>Waits for the batch in flight (if any), then hands the filling batch to a writer.</summary>
    private void StartWrite()
    {
        FinishWrite();
        if (_filling is not { Count: > 0 } batch)
        {
            return;
        }

        var engine = batch.Store.Engine;
        var durability = PassThru ? engine.Durability : DeferredDurability(batch.Store, ref _unflushed);

        _inFlight = batch;
        _filling = _spare ?? new Batch(batch.Store, batch.Capacity);
        _spare = null;
        _writing = Task.Run(() => batch.StoreInto(engine, durability));
    }

    /// <summary>Waits for the batch in flight: reports its failure, or writes its vectors out with -PassThru.</summary>
    private void FinishWrite()
    {
        if (_writing is not { } writing || _inFlight is not { } batch)
        {
            return;
        }

        try
        {
            writing.GetAwaiter().GetResult();
            WriteVerbose($"Stored a batch of {batch.Count} vectors in '{batch.Store.Path}'.");
            if (PassThru)
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    WriteObject(new VelesVector(batch.Ids[i], batch.VectorAt(i), batch.Store.Path));
                }
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, batch.Store);
        }
        finally
        {
            _writing = null;
            _inFlight = null;
            batch.Clear();
            _spare = batch;
        }
    }

    /// <summary>Accepted vectors waiting for one StoreBatch call: ids and their components, row-major.</summary>
    private sealed class Batch(VelesStore store, int capacity)
    {
        private readonly float[] _components = new float[checked(capacity * store.Dimension)];

        public VelesStore Store { get; } = store;

        public ulong[] Ids { get; } = new ulong[capacity];

        public int Capacity => Ids.Length;

        public int Count { get; private set; }

        public bool IsFull => Count == Ids.Length;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Add(ulong id, float[] vector)
        {
            Ids[Count] = id;
            vector.CopyTo(_components, Count * Store.Dimension);
            Count++;
        }

        public float[] VectorAt(int index) => _components.AsSpan(index * Store.Dimension, Store.Dimension).ToArray();

        public void StoreInto(MmapVectorStore engine, Durability durability) =>
            engine.StoreBatch(Ids.AsSpan(0, Count), _components.AsSpan(0, Count * Store.Dimension), durability);

        public void Clear() => Count = 0;
    }
}
