using System.Globalization;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// A scripted workload of records, for the crash campaign: text and integer keys with attributes,
/// overwrites, attribute sets, deletes by key, checkpoints (a small log threshold), a batch past
/// the inline size (its slots synced, not carried by the log) and a compaction. Each step is one
/// committed write scope (or the compaction), and the model says what the store holds after it.
/// </summary>
internal static class RecordWorkload
{
    public const int Dim = 8;

    /// <summary>What a record holds: the seed of its vector and its attributes' compact JSON ("{}" for none).</summary>
    public readonly record struct Content(ulong Seed, string Json);

    public sealed record Step(string Name, Action<MmapVectorStore> Run, Action<Dictionary<RecordKey, Content>> Apply);

    public static RecordKey Text(string text) => RecordKey.FromText(text);

    public static IReadOnlyList<Step> Script()
    {
        var bulk = Enumerable.Range(0, 1500).Select(i => (Key: i % 2 == 0 ? Text($"bulk/{i}") : RecordKey.FromNumber((ulong)(1000 + i)), Seed: (ulong)(5000 + i))).ToArray();
        return
        [
            Adds("text keys with attributes", (Text("a"), 1, """{"n":1,"tag":"x"}"""), (Text("b"), 2, """{"n":2,"list":[1,2,3]}"""), (Text("c"), 3, null)),
            Adds("integer keys with attributes", (1, 11, """{"n":11}"""), (2, 12, null), (3, 13, """{"deep":{"a":{"b":"ü☃"}}}""")),
            Adds("overwrites", (Text("a"), 21, """{"n":"one"}"""), (2, 22, """{"now":true}""")),
            Sets("attribute sets", (Text("b"), """{"set":1}"""), (1, "{}")),
            Removes("deletes by key", Text("c"), 3, Text("never")),
            new Step("a batch past the inline size", store =>
            {
                using var scope = store.BeginWrite(new WriteScopeOptions { BatchSize = bulk.Length });
                foreach (var (key, seed) in bulk)
                {
                    scope.Add(key, Vectors.For(seed, Dim), RecordAttributes.FromJson(Json(seed)));
                }

                scope.Commit();
            }, model =>
            {
                foreach (var (key, seed) in bulk)
                {
                    model[key] = new Content(seed, Json(seed));
                }
            }),
            Removes("deletes of half the batch", [.. bulk.Where((_, i) => i % 4 < 2).Select(r => r.Key)]),
            new Step("compaction", store => store.Compact(), _ => { }),
            Adds("writes after compaction", (Text("after"), 31, """{"after":[true,false,null]}"""), (Text("a"), 32, null)),
            Sets("sets after compaction", (Text("b"), """{"set":2}"""), (Text("after"), """{"after":"set"}""")),
        ];
    }

    /// <summary>Runs the whole script against a store made in <paramref name="directory"/>; the options' file system decides where it dies.</summary>
    public static (bool Created, int Acknowledged, bool Closed) Execute(string directory, VectorStoreOptions options, IReadOnlyList<Step> steps)
    {
        var created = false;
        var acknowledged = 0;
        var closed = false;
        MmapVectorStore? store = null;
        try
        {
            store = MmapVectorStore.Create(directory, Dim, options);
            created = true;
            foreach (var step in steps)
            {
                step.Run(store);
                acknowledged++;
            }

            store.Dispose();
            closed = true;
        }
        catch (SimulatedCrashException)
        {
            // The "process" is gone; what it left is checked by the caller.
        }
        catch (AggregateException e) when (e.InnerExceptions.All(inner => inner is SimulatedCrashException))
        {
        }
        finally
        {
            try
            {
                store?.Dispose();
            }
            catch (Exception e) when (e is SimulatedCrashException or IOException or AggregateException)
            {
            }
        }

        return (created, acknowledged, closed);
    }

    /// <summary>The model after each step: index 0 is the new store, index i the store after step i.</summary>
    public static List<Dictionary<RecordKey, Content>> States(IReadOnlyList<Step> steps)
    {
        var states = new List<Dictionary<RecordKey, Content>> { new() };
        foreach (var step in steps)
        {
            var next = new Dictionary<RecordKey, Content>(states[^1]);
            step.Apply(next);
            states.Add(next);
        }

        return states;
    }

    /// <summary>Every record of the store at <paramref name="directory"/>, by key, each checked against its own seed.</summary>
    public static Dictionary<RecordKey, Content> ReadBack(MmapVectorStore store, IReadOnlyList<Dictionary<RecordKey, Content>> states, string context)
    {
        var seeds = states.SelectMany(s => s.Values).Select(c => c.Seed).ToHashSet();
        var found = new Dictionary<RecordKey, Content>();
        foreach (var record in ((IVectorStore)store).ReadAll())
        {
            var seed = seeds.FirstOrDefault(s => Vectors.For(s, Dim).AsSpan().SequenceEqual(record.Vector), ulong.MaxValue);
            if (seed == ulong.MaxValue)
            {
                throw new FaultCheckException($"{context}: record {record.Key} holds a vector no step wrote");
            }

            found[record.Key] = new Content(seed, record.Attributes!.Json);
        }

        if (store.Verify() != found.Count)
        {
            throw new FaultCheckException($"{context}: Verify disagrees with the records read");
        }

        return found;
    }

    /// <summary>The first state, from <paramref name="from"/> on, that <paramref name="actual"/> equals; -1 when none.</summary>
    public static int Match(IReadOnlyList<Dictionary<RecordKey, Content>> states, Dictionary<RecordKey, Content> actual, int from, int to)
    {
        for (var i = from; i <= Math.Min(to, states.Count - 1); i++)
        {
            if (states[i].Count == actual.Count && states[i].All(kv => actual.TryGetValue(kv.Key, out var c) && c == kv.Value))
            {
                return i;
            }
        }

        return -1;
    }

    private static string Json(ulong seed) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"seed":{{seed}},"name":"record {{seed}}","pad":"{{new string('p', (int)(seed % 90))}}","tags":["t{{seed % 7}}","u"]}""");

    private static Step Adds(string name, params (RecordKey Key, ulong Seed, string? Json)[] records) => new(name, store =>
    {
        using var scope = store.BeginWrite();
        foreach (var (key, seed, json) in records)
        {
            scope.Add(key, Vectors.For(seed, Dim), json is null ? null : RecordAttributes.FromJson(json));
        }

        scope.Commit();
    }, model =>
    {
        foreach (var (key, seed, json) in records)
        {
            model[key] = new Content(seed, json ?? "{}");
        }
    });

    private static Step Sets(string name, params (RecordKey Key, string Json)[] sets) => new(name, store =>
    {
        using var scope = store.BeginWrite();
        foreach (var (key, json) in sets)
        {
            _ = scope.SetAttributes(key, RecordAttributes.FromJson(json));
        }

        scope.Commit();
    }, model =>
    {
        foreach (var (key, json) in sets)
        {
            if (model.TryGetValue(key, out var content))
            {
                model[key] = content with { Json = json };
            }
        }
    });

    private static Step Removes(string name, params RecordKey[] keys) => new(name, store =>
    {
        using var scope = store.BeginWrite();
        foreach (var key in keys)
        {
            scope.Remove(key);
        }

        scope.Commit();
    }, model =>
    {
        foreach (var key in keys)
        {
            _ = model.Remove(key);
        }
    });
}
