using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Exact k-nearest-neighbour search: the stored vectors closest to each query, best first,
/// ties broken by the smaller id. Queries come as -Vector or from the pipeline (objects with a
/// Vector property, such as Get-VelesVector output, whose Id becomes the QueryId).
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

    /// <summary>The query vector; binds like Add-VelesVector's -Vector.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Embedding")]
    [AllowEmptyCollection]
    [VectorTransformation]
    public float[]? Vector { get; set; }

    /// <summary>How many neighbours to return per query.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int Top { get; set; } = 10;

    /// <summary>Cosine (the default), DotProduct or Euclidean.</summary>
    [Parameter]
    public DistanceMetric Metric { get; set; } = DistanceMetric.Cosine;

    /// <summary>
    /// The query's own id, carried into the results; piped vectors bind their Id here. A query
    /// whose id is not an id is reported (VelesDb.InvalidId) and not searched.
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [VectorIdTransformation]
    public VectorId? QueryId { get; set; }

    /// <summary>Search only among these ids; a value that is not an id is reported and left out.</summary>
    [Parameter]
    [ValidateNotNull]
    [VectorIdTransformation]
    public VectorId[]? CandidateId { get; set; }

    /// <summary>Leave the query's own id (QueryId) out of its results, to find the neighbours of a stored vector.</summary>
    [Parameter]
    public SwitchParameter ExcludeQuery { get; set; }

    /// <summary>Adds each found vector's components to its result.</summary>
    [Parameter]
    public SwitchParameter IncludeVector { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if (CandidateId is not null)
        {
            _candidates = [];
            foreach (var given in CandidateId)
            {
                if (given.TryGetValue(out var id))
                {
                    _candidates.Add(id);
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
        ulong? queryId = null;
        if (QueryId is { } given)
        {
            if (!given.TryGetValue(out var id))
            {
                WriteError(given.ToErrorRecord());
                return;
            }

            queryId = id;
        }

        var query = Vector!;
        object target = queryId is { } known ? known : query;
        if (VectorTransformationAttribute.TryGetProblem(query, out var problem))
        {
            WriteError(new ErrorRecord(new InvalidVectorException($"The query vector cannot be used: {problem}", queryId),
                VelesErrors.InvalidVector, ErrorCategory.InvalidData, target));
            return;
        }

        // To leave the query itself out, ask for one more: it is at most one of the hits.
        var excluded = ExcludeQuery ? queryId : null;
        var k = excluded is null || Top == int.MaxValue ? Top : Top + 1;
        try
        {
            var request = new SearchRequest { Query = query, K = k, Metric = Metric, Candidates = _candidates };
            var kept = backing.Search(request).Matches.Where(hit => hit.Key.Number != excluded).Take(Top).ToList();

            // With -IncludeVector, one read for the vectors of all of the query's results.
            var vectors = IncludeVector ? backing.Read([.. kept.Select(hit => hit.Key)]) : null;
            for (var i = 0; i < kept.Count; i++)
            {
                var result = new VelesSearchResult(i + 1, kept[i].Key.Number, kept[i].Score, Metric, queryId, store.Path, vectors?[i]?.Vector);
                WriteObject(vectors is null ? result : VelesSearchResult.WithVectorView(result));
            }
        }
        catch (Exception e) when (e is DimensionMismatchException or InvalidVectorException)
        {
            // A bad query spoils only itself: the next one from the pipeline goes on.
            WriteEngineError(e, target);
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
    }
}
