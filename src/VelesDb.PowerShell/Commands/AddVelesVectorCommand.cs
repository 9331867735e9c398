using System.Management.Automation;
using System.Runtime.CompilerServices;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Inserts or overwrites records: a key, a vector, and attributes (the piped object's other
/// properties, or -Attributes). Pipeline input is checked record by record and queued into the
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
public sealed class AddVelesVectorCommand : VelesWritingCmdlet
{
    private RecordAttributes? _explicitAttributes;
    private WildcardPattern[] _excluded = [];
    private readonly List<string> _boundFor = [];
    private readonly HashSet<string> _boundByArgument = new(StringComparer.OrdinalIgnoreCase);
    private HashSet<string>? _boundNames;
    private Func<string, bool>? _isExcluded;

    /// <summary>The store's handle, also from the pipeline.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>
    /// The record's key: a whole number from 0 to 2^64-1, or a string (a canonical decimal integer
    /// is that integer id; any other non-blank string is a text key). An existing record is
    /// overwritten. A value that is not a key is reported (VelesDb.InvalidId), never rounded.
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

    /// <summary>
    /// The record's attributes, set explicitly: a hashtable, an ordered dictionary, a PSCustomObject
    /// or a JSON object string. They replace the piped object's properties as attributes.
    /// </summary>
    [Parameter]
    public object? Attributes { get; set; }

    /// <summary>Properties of piped objects not to keep as attributes (wildcards allowed).</summary>
    [Parameter]
    [ValidateNotNull]
    [SupportsWildcards]
    public string[]? ExcludeProperty { get; set; }

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
    protected override void BeginProcessing()
    {
        base.BeginProcessing();

        // Bound now, before any pipeline input: these took no property of a piped object.
        _boundByArgument.UnionWith(MyInvocation.BoundParameters.Keys);
        _excluded = [.. (ExcludeProperty ?? []).Select(name => new WildcardPattern(name, WildcardOptions.IgnoreCase))];
        if (MyInvocation.BoundParameters.ContainsKey(nameof(Attributes)))
        {
            try
            {
                _explicitAttributes = AttributeEncoder.FromArgument(Attributes);
            }
            catch (InvalidAttributesException e)
            {
                // The same attributes for every record: none of them could be stored.
                ThrowTerminatingError(new ErrorRecord(e, VelesErrors.InvalidAttributes, ErrorCategory.InvalidData, Attributes));
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>
    /// Compiled fully optimized at its first call, as the engine's write path is: a pipeline is
    /// often over before tiered compilation would have optimized it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var writer = WriterFor(store, opened => opened.BeginWrite(new WriteScopeOptions { BatchSize = BatchSize, SyncEachBatch = PassThru, ReportStored = PassThru }));

        var given = Id ?? VectorId.From(null);
        if (!given.TryGetKey(out var key))
        {
            WriteError(given.ToErrorRecord());
            return;
        }

        var target = key.ToObject();
        var vector = Vector!;
        if (VectorTransformationAttribute.TryGetProblem(vector, out var problem))
        {
            WriteError(VelesErrors.BadVector(key, problem, target));
            return;
        }

        RecordAttributes attributes;
        try
        {
            attributes = _explicitAttributes ?? PipedAttributes();
        }
        catch (InvalidAttributesException e)
        {
            WriteError(VelesErrors.BadAttributes(key, e, target));
            return;
        }
        catch (NotSupportedException e)
        {
            // This PowerShell does not hand out the piped object (PipelineInput): no record could keep its properties.
            ThrowTerminatingError(new ErrorRecord(e, VelesErrors.NotSupported, ErrorCategory.NotImplemented, target));
            return;
        }

        try
        {
            writer.Add(key, vector, attributes);
        }
        catch (InvalidAttributesException e)
        {
            WriteError(VelesErrors.BadAttributes(key, e, target));
            return;
        }
        catch (Exception e) when (e is DimensionMismatchException or InvalidVectorException)
        {
            // One bad record spoils only itself.
            WriteEngineError(e, target);
            return;
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }

        WriteStored();
    }

    private protected override void OnCommitted(IStoreWriter writer, VelesStore store)
    {
        WriteVerbose($"Stored {writer.StoredCount} vectors in '{store.Path}'.");
        WriteStored();
    }

    private void WriteStored()
    {
        if (!PassThru || Writer is not { } writer)
        {
            return;
        }

        foreach (var record in writer.TakeStored())
        {
            WriteObject(RecordOutput.Of(new VelesVector(record.Key, record.Vector, AttributeDecoder.ToObject(record.Attributes ?? RecordAttributes.Empty), WriterStore!.Path)));
        }
    }

    /// <summary>
    /// The attributes the current pipeline object carries: a VelesVector's or VelesSearchResult's
    /// Attributes, or else every property no parameter took from it (by name or alias) and
    /// -ExcludeProperty does not name. None when nothing is piped, or the piped object is the store's handle.
    /// </summary>
    private RecordAttributes PipedAttributes()
    {
        var piped = PipelineInput.Current(this);
        switch (piped?.BaseObject)
        {
            case null or VelesStore:
                return RecordAttributes.Empty;
            case VelesVector vector:
                return AttributeEncoder.FromArgument(vector.Attributes);
            case VelesSearchResult result:
                return AttributeEncoder.FromArgument(result.Attributes);
        }

        var bound = MyInvocation.BoundParameters;
        _boundNames = BoundNames(bound);
        var own = PipelineInput.OwnMemberCount(piped);
        if (own >= 0 && own <= bound.Count - _boundByArgument.Count)
        {
            // Each parameter bound from the object took one of its properties, and it has no more:
            // the common case of objects of just Id and Vector, told without enumerating them.
            return RecordAttributes.Empty;
        }

        _isExcluded ??= name => _boundNames!.Contains(name) || IsExcluded(name);
        return AttributeEncoder.FromProperties(piped, _isExcluded);
    }

    /// <summary>
    /// The property names PowerShell took from the piped object for this record: the names and
    /// aliases of the parameters bound from the pipeline (not those given as arguments, so a Path
    /// property stays an attribute under -Path or -Store), and always Id, Vector and Embedding.
    /// Computed again only when the set of bound parameters changes, which in a pipeline of objects
    /// of one shape is once.
    /// </summary>
    private HashSet<string> BoundNames(Dictionary<string, object> bound)
    {
        if (_boundNames is { } known && _boundFor.Count == bound.Count && _boundFor.TrueForAll(bound.ContainsKey))
        {
            return known;
        }

        var parameters = MyInvocation.MyCommand.Parameters;
        var names = new HashSet<string>([nameof(Id), nameof(Vector), "Embedding"], StringComparer.OrdinalIgnoreCase);
        _boundFor.Clear();
        foreach (var name in bound.Keys)
        {
            _boundFor.Add(name);
            if (_boundByArgument.Contains(name))
            {
                continue;
            }

            names.Add(name);
            if (parameters.TryGetValue(name, out var parameter))
            {
                names.UnionWith(parameter.Aliases);
            }
        }

        return names;
    }

    private bool IsExcluded(string property)
    {
        foreach (var pattern in _excluded)
        {
            if (pattern.IsMatch(property))
            {
                return true;
            }
        }

        return false;
    }
}
