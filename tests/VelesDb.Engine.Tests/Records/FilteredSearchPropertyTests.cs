using System.Globalization;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// Filtered search is exact: for random records with random attributes, under random filters and
/// every metric, with overwrites, attribute sets, deletes and compactions mixed in, the store's
/// top-k equals a reference that first keeps the records the filter matches and then ranks them
/// all (scores compared within float rounding, since the store scores with SIMD kernels).
/// Full reads with the same filter return exactly the matching records.
/// </summary>
public sealed class FilteredSearchPropertyTests : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_filtered_top_k_is_the_top_k_of_the_matching_records(int seed)
    {
        var random = new Random(seed);
        var model = new Dictionary<RecordKey, (float[] Vector, RecordAttributes Attributes)>();
        using var store = (IVectorStore)MmapVectorStore.Create(_dir.Next("f"), Dim);
        for (var round = 0; round < 12; round++)
        {
            using (var scope = store.BeginWrite())
            {
                for (var i = 0; i < 150; i++)
                {
                    var key = random.Next(3) == 0 ? RecordKey.FromText("k-" + random.Next(400).ToString(CultureInfo.InvariantCulture)) : RecordKey.FromNumber((ulong)random.Next(400));
                    switch (random.Next(10))
                    {
                        case 0:
                            scope.Remove(key);
                            _ = model.Remove(key);
                            break;
                        case 1:
                            var attributes = RandomAttributes(random);
                            if (scope.SetAttributes(key, attributes))
                            {
                                model[key] = (model[key].Vector, attributes);
                            }

                            break;
                        default:
                            var vector = RandomVector(random);
                            var written = RandomAttributes(random);
                            scope.Add(key, vector, written);
                            model[key] = (vector, written);
                            break;
                    }
                }
            }

            if (round % 4 == 3)
            {
                _ = ((MmapVectorStore)store).Compact();
            }

            for (var query = 0; query < 6; query++)
            {
                var filter = RandomFilter(random);
                var parsed = Filter.Parse(filter);
                var matching = model.Where(kv => parsed.Matches(kv.Value.Attributes)).ToList();
                var streamed = store.ReadAll(new ReadOptions { Filter = filter, Vectors = false }).Select(r => r.Key).ToHashSet();
                Assert.True(matching.Select(kv => kv.Key).ToHashSet().SetEquals(streamed), $"round {round}: reading all with '{filter}' gives other records than the filter matches");

                foreach (var metric in new[] { DistanceMetric.Cosine, DistanceMetric.DotProduct, DistanceMetric.Euclidean })
                {
                    var q = RandomVector(random);
                    var k = 1 + random.Next(12);
                    var results = store.Search(new SearchRequest { Query = q, K = k, Metric = metric, Filter = filter });
                    var expected = matching.Select(kv => (kv.Key, Score: Score(metric, q, kv.Value.Vector)))
                        .OrderBy(m => metric == DistanceMetric.Euclidean ? m.Score : -m.Score).Take(k).ToList();
                    var context = $"round {round}, {metric}, k {k}, '{filter}'";
                    Assert.True(expected.Count == results.Matches.Count, $"{context}: {results.Matches.Count} results, {expected.Count} expected");
                    for (var i = 0; i < expected.Count; i++)
                    {
                        var found = results.Matches[i];
                        Assert.True(parsed.Matches(model[found.Key].Attributes), $"{context}: {found.Key} does not match the filter");
                        Assert.True(Math.Abs(found.Score - expected[i].Score) <= 1e-4 * Math.Max(1, Math.Abs(expected[i].Score)), $"{context}: result {i} scores {found.Score}, the reference {expected[i].Score}");
                        Assert.True(Math.Abs(found.Score - Score(metric, q, model[found.Key].Vector)) <= 1e-4 * Math.Max(1, Math.Abs(found.Score)), $"{context}: {found.Key} is reported with a score that is not its own");
                    }
                }
            }
        }
    }

    private static float[] RandomVector(Random random)
    {
        var vector = new float[Dim];
        for (var i = 0; i < Dim; i++)
        {
            vector[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return vector;
    }

    private static RecordAttributes RandomAttributes(Random random)
    {
        var parts = new List<string>();
        if (random.Next(8) != 0)
        {
            parts.Add($"\"n\":{random.Next(100)}");
        }

        if (random.Next(6) != 0)
        {
            parts.Add($"\"cat\":\"{"abc"[random.Next(3)]}\"");
        }

        if (random.Next(4) != 0)
        {
            parts.Add($"\"tags\":[{string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => $"\"t{random.Next(5)}\""))}]");
        }

        if (random.Next(3) != 0)
        {
            parts.Add($"\"flag\":{(random.Next(2) == 0 ? "true" : "false")}");
        }

        if (random.Next(3) == 0)
        {
            parts.Add($"\"o\":{{\"x\":{random.Next(5)}}}");
        }

        if (random.Next(5) == 0)
        {
            parts.Add($"\"f\":{(random.NextDouble() * 10).ToString("0.###", CultureInfo.InvariantCulture)}");
        }

        return RecordAttributes.FromJson("{" + string.Join(",", parts) + "}");
    }

    private static string RandomFilter(Random random)
    {
        var c = random.Next(100);
        var d = c + random.Next(40);
        var cat = "abc"[random.Next(3)];
        return random.Next(12) switch
        {
            0 => $".n > {c}",
            1 => $".n >= {c} and .n < {d}",
            2 => $".cat == \"{cat}\"",
            3 => $"\"t{random.Next(5)}\" in .tags",
            4 => $".n in [{c}, {d}, {random.Next(100)}]",
            5 => "not .flag",
            6 => $".o.x == {random.Next(5)} or .n < {c / 4}",
            7 => $"(.n % 7) == {random.Next(7)}",
            8 => $".cat != '{cat}' && .n <= {c}",
            9 => $".f * 10 > {c}",
            10 => $"!(.n < {c}) || .cat == \"{cat}\"",
            _ => ".flag == true and .n >= 0",
        };
    }

    private static float Score(DistanceMetric metric, float[] q, float[] v)
    {
        double dot = 0, qq = 0, vv = 0, d2 = 0;
        for (var i = 0; i < q.Length; i++)
        {
            dot += (double)q[i] * v[i];
            qq += (double)q[i] * q[i];
            vv += (double)v[i] * v[i];
            d2 += ((double)q[i] - v[i]) * ((double)q[i] - v[i]);
        }

        return metric switch
        {
            DistanceMetric.DotProduct => (float)dot,
            DistanceMetric.Euclidean => (float)Math.Sqrt(d2),
            _ => vv == 0 ? 0f : (float)(dot / Math.Sqrt(qq * vv)),
        };
    }
}
