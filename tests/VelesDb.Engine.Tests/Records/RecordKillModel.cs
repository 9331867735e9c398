using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// What a store written by the records kill workload must hold: for each key, the version its
/// vector was written at and the version its attributes were (a set changes only the latter).
/// Everything else is derived by <see cref="RecordKillWorkload"/>, so the record read back can be
/// compared exactly: key, every component, and the attributes' compact JSON.
/// </summary>
internal sealed class RecordKillModel
{
    private readonly Dictionary<RecordKey, (int Vector, int Attributes)> _records;

    public RecordKillModel()
        : this([])
    {
    }

    private RecordKillModel(Dictionary<RecordKey, (int Vector, int Attributes)> records) => _records = records;

    public int Count => _records.Count;

    /// <summary>A copy with <paramref name="step"/> applied.</summary>
    public RecordKillModel After(RecordKillStep step)
    {
        var after = new RecordKillModel(new Dictionary<RecordKey, (int, int)>(_records));
        after.Apply(step);
        return after;
    }

    public void Apply(RecordKillStep step)
    {
        foreach (var key in step.Keys)
        {
            switch (step.Kind)
            {
                case RecordKillKind.Add:
                case RecordKillKind.Bulk:
                    _records[key] = (step.Version, step.Version);
                    break;
                case RecordKillKind.Set:
                    if (_records.TryGetValue(key, out var record))
                    {
                        _records[key] = record with { Attributes = step.Version };
                    }

                    break;
                case RecordKillKind.Remove:
                    _ = _records.Remove(key);
                    break;
            }
        }
    }

    /// <summary>The record the model holds for <paramref name="key"/>, or null.</summary>
    public VectorRecord? Expected(RecordKey key) =>
        _records.TryGetValue(key, out var record)
            ? new VectorRecord(key, RecordKillWorkload.VectorOf(key, record.Vector), RecordKillWorkload.AttributesOf(key, record.Attributes))
            : null;

    /// <summary>True when <paramref name="actual"/> (null: absent) is exactly what the model holds for <paramref name="key"/>.</summary>
    public bool Holds(RecordKey key, VectorRecord? actual) => Same(Expected(key), actual);

    /// <summary>Every record of the store, by key, with its vector and attributes.</summary>
    public static Dictionary<RecordKey, VectorRecord> ReadAll(IVectorStore store) => store.ReadAll().ToDictionary(record => record.Key);

    /// <summary>Null when <paramref name="actual"/> is exactly the model; otherwise what differs (the first few keys of each kind).</summary>
    public string? Difference(IReadOnlyDictionary<RecordKey, VectorRecord> actual)
    {
        var lost = _records.Keys.Where(key => !actual.ContainsKey(key)).Take(5).ToList();
        var extra = actual.Keys.Where(key => !_records.ContainsKey(key)).Take(5).ToList();
        var changed = _records.Keys.Where(key => actual.TryGetValue(key, out var record) && !Holds(key, record)).Take(5).ToList();
        if (lost.Count == 0 && extra.Count == 0 && changed.Count == 0 && actual.Count == _records.Count)
        {
            return null;
        }

        return $"the store holds {actual.Count} records, the acknowledged steps {_records.Count}; " +
            $"lost [{string.Join(", ", lost)}], not expected [{string.Join(", ", extra)}], " +
            $"changed [{string.Join(", ", changed.Select(key => Describe(key, actual[key])))}]";
    }

    private string Describe(RecordKey key, VectorRecord actual)
    {
        var expected = Expected(key)!;
        var vector = expected.Vector.AsSpan().SequenceEqual(actual.Vector) ? "vector right" : "vector differs";
        return $"{key} ({vector}; attributes {actual.Attributes}, expected {expected.Attributes})";
    }

    private static bool Same(VectorRecord? expected, VectorRecord? actual) =>
        expected is null || actual is null
            ? expected is null && actual is null
            : expected.Key == actual.Key && expected.Vector.AsSpan().SequenceEqual(actual.Vector) && Equals(expected.Attributes, actual.Attributes);
}
