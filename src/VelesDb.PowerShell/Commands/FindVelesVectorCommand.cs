using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// k-nearest-neighbour search, exact on an embedded store: the stored vectors closest to each query, best first,
/// ties broken by the smaller key, optionally among the records a filter matches. Queries come as
/// -Vector, as the key of a stored record (-Id), or from the pipeline (objects with a Vector
/// property, such as Get-VelesVector output, whose Id becomes the QueryId).
/// </summary>
[Cmdlet(VerbsCommon.Find, "VelesVector", DefaultParameterSetName = StoreSet, HelpUri = HelpLinks.Docs + "Find-VelesVector.md")]
[OutputType(typeof(VelesSearchResult))]
public sealed class FindVelesVectorCommand : VelesStoreCmdlet
{
    private HashSet<RecordKey>? _candidates;

    /// <summary>The store to search, also from the pipeline.</summary>
    [Parameter(Mandatory = true, ParameterSetName = StoreSet, ValueFromPipeline = true)]
    [ValidateNotNull]
    public override VelesStore? Store { get; set; }

    /// <summary>
    /// The query vector; binds like Add-VelesVector's -Vector. Without it, the query is the vector of
    /// the stored record whose key -Id (QueryId) gives.
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Embedding")]
    [AllowEmptyCollection]
    [VectorTransformation]
    public float[]? Vector { get; set; }

    /// <summary>How many neighbours to return per query.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Top { get; set; } = 10;

    /// <summary>Cosine (the default), DotProduct or Euclidean. A server store searches with the metric it was created with, which is also the default there.</summary>
    [Parameter]
    public DistanceMetric Metric { get; set; } = DistanceMetric.Cosine;

    /// <summary>
    /// How hard an approximate search works (a server store's EF: more finds more of the true
    /// neighbours, and takes longer); the store's default when left out. An exact search ignores it.
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int Effort { get; set; }

    /// <summary>
    /// The query's own key (an integer id or a text key), carried into the results; piped vectors
    /// bind their Id here. Without -Vector, the stored record with this key is the query. A value
    /// that is not a key is reported (VelesDb.InvalidId) and not searched.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [VectorIdTransformation]
    public VectorId? QueryId { get; set; }

    /// <summary>Search only among these keys; a value that is not a key is reported and left out.</summary>
    [Parameter]
    [ValidateNotNull]
    [VectorIdTransformation]
    public VectorId[]? CandidateId { get; set; }

    /// <summary>
    /// Search only among the records whose attributes match this filter expression (the language of
    /// about_VelesDb); the search stays exact among them.
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>
    /// Scores every candidate from its float32 vector, even where the store keeps an int8 copy
    /// (-Quantization Int8) or a server's approximate index would answer. The results' Exact and
    /// Quantized properties say what produced them.
    /// </summary>
    [Parameter]
    public SwitchParameter Exact { get; set; }

    /// <summary>Leave the query's own key (QueryId) out of its results, to find the neighbours of a stored vector.</summary>
    [Parameter]
    public SwitchParameter ExcludeQuery { get; set; }

    /// <summary>Adds each found vector's components to its result.</summary>
    [Parameter]
    public SwitchParameter IncludeVector { get; set; }

    /// <summary>Leaves the found records' attributes out (Attributes is then null), which saves reading them.</summary>
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
        if (CandidateId is not null)
        {
            _candidates = [];
            foreach (var given in CandidateId)
            {
                if (given.TryGetKey(out var key))
                {
                    _candidates.Add(key);
                }
                else
                {
                    WriteError(given.ToErrorRecord());
                }
            }
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var backing = RequireOpen(store);
        RecordKey? queryKey = null;
        if (QueryId is { } given)
        {
            if (!given.TryGetKey(out var key))
            {
                WriteError(given.ToErrorRecord());
                return;
            }

            queryKey = key;
        }

        object target = queryKey?.ToObject() ?? (object?)Vector ?? store;
        if (QueryVector(backing, store, queryKey, target) is not { } query)
        {
            return;
        }

        // To leave the query itself out, ask for one more: it is at most one of the hits.
        var excluded = ExcludeQuery ? queryKey : null;
        var k = excluded is null || Top == int.MaxValue ? Top : Top + 1;
        try
        {
            // Unasked, the metric is the store's own when it fixes one (a server store), else Cosine.
            var metric = MyInvocation.BoundParameters.ContainsKey(nameof(Metric)) ? Metric : backing.Metric ?? DistanceMetric.Cosine;
            int? effort = MyInvocation.BoundParameters.ContainsKey(nameof(Effort)) ? Effort : null;
            var request = new SearchRequest { Query = query, K = k, Metric = metric, Candidates = _candidates, Filter = Filter, Effort = effort, Exact = Exact };
            var results = backing.Search(request);
            var kept = results.Matches.Where(hit => excluded is not { } left || hit.Key != left).Take(Top).ToList();

            // One read for the vectors and attributes of all of the query's results, when either is wanted.
            var records = IncludeVector || !ExcludeAttributes
                ? backing.Read([.. kept.Select(hit => hit.Key)], new ReadOptions { Vectors = IncludeVector, Attributes = !ExcludeAttributes })
                : null;
            for (var i = 0; i < kept.Count; i++)
            {
                var record = records?[i];
                var result = new VelesSearchResult(
                    i + 1, kept[i].Key, kept[i].Score, results.Metric, queryKey, store.Path,
                    IncludeVector ? record?.Vector : null,
                    ExcludeAttributes ? null : AttributeDecoder.ToObject(record?.Attributes ?? RecordAttributes.Empty),
                    results.Exact,
                    results.Quantized);
                WriteObject(RecordOutput.Of(result));
            }
        }
        catch (Exception e) when (e is DimensionMismatchException or InvalidVectorException)
        {
            // A bad query spoils only itself: the next one from the pipeline goes on.
            WriteEngineError(e, target);
        }
        catch (InvalidFilterException e)
        {
            // Raised by the store before it scores anything: one error for the whole command.
            ThrowEngineError(e, Filter);
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }

    /// <summary>
    /// The query: -Vector when given, else the vector of the stored record -Id names. Null, after
    /// writing the error, when there is none or it cannot be used.
    /// </summary>
    private float[]? QueryVector(IVectorStore backing, VelesStore store, RecordKey? queryKey, object target)
    {
        if (Vector is { } given)
        {
            if (VectorTransformationAttribute.TryGetProblem(given, out var problem))
            {
                WriteError(new ErrorRecord(new InvalidVectorException($"The query vector cannot be used: {problem}", queryKey is { IsText: false } number ? number.Number : null),
                    VelesErrors.InvalidVector, ErrorCategory.InvalidData, target));
                return null;
            }

            return given;
        }

        if (queryKey is not { } key)
        {
            WriteError(new ErrorRecord(
                new ArgumentException("A query needs a vector (-Vector, or a piped object's Vector property) or the key of a stored record to search from (-Id)."),
                VelesErrors.InvalidArgument, ErrorCategory.InvalidArgument, target));
            return null;
        }

        try
        {
            if (backing.Read([key], new ReadOptions { Attributes = false })[0] is { } stored)
            {
                return stored.Vector;
            }
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }

        WriteError(VelesErrors.VectorMissing(key, store.Path));
        return null;
    }
}
