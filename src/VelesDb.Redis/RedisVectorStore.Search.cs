using StackExchange.Redis;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Redis;

public sealed partial class RedisVectorStore
{
    /// <summary>
    /// The nearest records to the query. Normally the server's HNSW search (VSIM, with FILTER for a
    /// filter and EF for the effort): approximate, so the results say Exact = false. With
    /// <see cref="SearchRequest.Exact"/> or <see cref="SearchRequest.Candidates"/> the client reads the
    /// records concerned and scores every one itself, which is exact (and slower). Scores are in the
    /// module's convention whatever the server reports.
    /// </summary>
    public SearchResults Search(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ThrowIfClosed();
        ArgumentOutOfRangeException.ThrowIfNegative(request.K, nameof(request));
        ValidateVector(null, request.Query);
        if (request.Metric is { } asked && asked != Metric)
        {
            throw new CapabilityNotSupportedException(Backend, Locator.Canonical, $"searching by {asked}", $"A server store searches with the metric fixed when it was created: {Metric}.");
        }

        if (request.Effort is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Effort, "The effort (VSIM EF) must be positive.");
        }

        // Checked here so a malformed filter costs no round trip and reads as the embedded store's error.
        var filter = request.Filter is { } text ? Filter.Parse(text) : null;
        if (request.K == 0)
        {
            return new SearchResults([], Metric, Exact: request.Exact || request.Candidates is not null);
        }

        if (request.Exact || request.Candidates is not null)
        {
            return ScoredByClient(request, filter);
        }

        var query = VectorSetSimilaritySearchRequest.ByVector(request.Query);
        query.Count = request.K;
        query.WithScores = true;
        query.FilterExpression = request.Filter;
        query.SearchExplorationFactor = request.Effort;
        // Every shard at once (on a cluster, each on its own node); their best k are merged.
        var answers = _server.Call("VSIM", db =>
        {
            var searches = _keys.Shards.Select(shard => db.VectorSetSimilaritySearchAsync(shard.Set, query)).ToArray();
            Task.WaitAll(searches);
            return searches.Select(s => s.Result).ToArray();
        });
        var matches = new List<SearchMatch>(request.K * answers.Length);
        foreach (var found in answers)
        {
            using (found)
            {
                foreach (var hit in found is null ? [] : found.Span)
                {
                    if (ElementNames.TryParse(hit.Member, out var key))
                    {
                        matches.Add(new SearchMatch(key, MetricConvention.ToModuleScore(_server.Dialect, Metric, hit.Score)));
                    }
                }
            }
        }

        return new SearchResults(Ranked(matches, request.K), Metric, Exact: false);
    }

    private SearchResults ScoredByClient(SearchRequest request, Filter? filter)
    {
        var options = new ReadOptions { Attributes = filter is not null };
        IEnumerable<VectorRecord> records = request.Candidates is { } candidates
            ? Read([.. candidates], options).OfType<VectorRecord>()
            : ReadAllRecords(options, null);
        var matches = new List<SearchMatch>();
        foreach (var record in records)
        {
            if (filter is null || filter.Matches(record.Attributes))
            {
                matches.Add(new SearchMatch(record.Key, MetricConvention.Score(Metric, request.Query, record.Vector)));
            }
        }

        return new SearchResults(Ranked(matches, request.K), Metric, Exact: true);
    }

    /// <summary>Best first (highest similarity, lowest distance), equal scores in key order, at most k.</summary>
    private List<SearchMatch> Ranked(List<SearchMatch> matches, int k)
    {
        var sign = Metric == DistanceMetric.Euclidean ? 1 : -1;
        matches.Sort((a, b) => a.Score != b.Score ? sign * a.Score.CompareTo(b.Score) : a.Key.CompareTo(b.Key));
        if (matches.Count > k)
        {
            matches.RemoveRange(k, matches.Count - k);
        }

        return matches;
    }
}
