using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Backup;

/// <summary>
/// A deterministic sequence of write units, each one atomic commit: a unit puts a few records
/// (integer and text keys, overwrites, some with attributes) or deletes a few stored ones. Every
/// unit changes what the store holds, so the states after different prefixes all differ, and a
/// store can be matched exactly against the state after some prefix.
/// </summary>
internal static class BackupWorkload
{
    public const int Dim = 8;

    /// <summary>Applies unit <paramref name="unit"/> to the model and, when given, to the store (one commit).</summary>
    public static void Apply(int unit, StoreContent model, IVectorStore? store)
    {
        var random = new Random(unit);
        using var scope = store?.BeginWrite();
        if (unit % 5 == 4 && model.Count >= 3)
        {
            var keys = model.Keys;
            foreach (var key in Enumerable.Range(0, 3).Select(_ => keys[random.Next(keys.Count)]).Distinct())
            {
                _ = model.Remove(key);
                scope?.Remove(key);
            }
        }
        else
        {
            for (var k = 0; k < 6; k++)
            {
                var key = random.Next(3) == 0 ? RecordKey.FromText($"doc-{random.Next(60)}") : RecordKey.FromNumber((ulong)random.Next(200));
                var vector = Vectors.For((ulong)random.Next(1_000_000), Dim, unit);
                var json = random.Next(2) == 0 ? null : $$"""{"unit":{{unit}},"k":{{k}},"tag":"t{{random.Next(5)}}"}""";
                model.Put(key, vector, json);
                scope?.Add(key, vector, json is null ? null : RecordAttributes.FromJson(json));
            }
        }

        scope?.Commit();
    }

    /// <summary>The model after units 0..<paramref name="units"/>-1.</summary>
    public static StoreContent After(int units)
    {
        var model = new StoreContent();
        for (var unit = 0; unit < units; unit++)
        {
            Apply(unit, model, null);
        }

        return model;
    }

    /// <summary>Applies units 0..<paramref name="units"/>-1 to the store; returns the model.</summary>
    public static StoreContent Write(IVectorStore store, int units)
    {
        var model = new StoreContent();
        for (var unit = 0; unit < units; unit++)
        {
            Apply(unit, model, store);
        }

        return model;
    }

    /// <summary>
    /// The number of units k in [<paramref name="from"/>, <paramref name="to"/>] whose state
    /// <paramref name="actual"/> holds exactly, or a message saying how it differs from each.
    /// </summary>
    public static (int? Units, string Mismatch) MatchPrefix(StoreContent actual, int from, int to)
    {
        var model = After(from);
        var mismatches = new List<string>();
        for (var units = from; units <= to; units++)
        {
            if (model.DifferenceFrom(actual) is not { } difference)
            {
                return (units, string.Empty);
            }

            mismatches.Add($"after {units} units: {difference}");
            Apply(units, model, null);
        }

        return (null, string.Join("; ", mismatches));
    }
}
