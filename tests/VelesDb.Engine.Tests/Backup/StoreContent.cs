using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Tests.Backup;

/// <summary>What a store holds, record by record (key, vector bits, attribute JSON), to compare two stores exactly.</summary>
internal sealed class StoreContent
{
    private readonly Dictionary<RecordKey, (float[] Vector, string? Json)> _records = [];

    public int Count => _records.Count;

    public static StoreContent Read(IVectorStore store)
    {
        var content = new StoreContent();
        foreach (var record in store.ReadAll(ReadOptions.Default))
        {
            content.Put(record.Key, record.Vector, record.Attributes is { IsEmpty: false } a ? a.Json : null);
        }

        return content;
    }

    public static StoreContent Read(string directory)
    {
        using var store = MmapVectorStore.Open(directory);
        return Read(store);
    }

    public void Put(RecordKey key, float[] vector, string? json) => _records[key] = ((float[])vector.Clone(), json);

    public bool Remove(RecordKey key) => _records.Remove(key);

    public IReadOnlyList<RecordKey> Keys => [.. _records.Keys.Order()];

    public StoreContent Clone()
    {
        var copy = new StoreContent();
        foreach (var (key, (vector, json)) in _records)
        {
            copy.Put(key, vector, json);
        }

        return copy;
    }

    /// <summary>The first difference from <paramref name="other"/>, or null when both hold exactly the same records.</summary>
    public string? DifferenceFrom(StoreContent other)
    {
        foreach (var (key, (vector, json)) in _records)
        {
            if (!other._records.TryGetValue(key, out var theirs))
            {
                return $"record {key} is missing";
            }

            if (!vector.AsSpan().SequenceEqual(theirs.Vector))
            {
                return $"record {key} has another vector";
            }

            if (json != theirs.Json)
            {
                return $"record {key} has attributes {theirs.Json ?? "(none)"}, not {json ?? "(none)"}";
            }
        }

        var extra = other._records.Keys.FirstOrDefault(key => !_records.ContainsKey(key));
        return other.Count != Count ? $"record {extra} should not be there" : null;
    }
}
