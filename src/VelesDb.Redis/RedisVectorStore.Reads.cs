using System.Globalization;
using System.Runtime.InteropServices;
using StackExchange.Redis;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Redis;

public sealed partial class RedisVectorStore
{
    /// <summary>Keys read per pipelined round trip.</summary>
    private const int ReadChunk = 256;

    IReadOnlyList<VectorRecord?> IVectorStore.Read(IReadOnlyList<RecordKey> keys, ReadOptions options) => Read(keys, options);

    /// <summary>The records for <paramref name="keys"/>, in order, null where absent: one pipelined round trip per 256 keys.</summary>
    public IReadOnlyList<VectorRecord?> Read(IReadOnlyList<RecordKey> keys, ReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        options ??= ReadOptions.Default;
        ThrowIfClosed();
        var records = new VectorRecord?[keys.Count];
        for (var start = 0; start < keys.Count; start += ReadChunk)
        {
            var count = Math.Min(ReadChunk, keys.Count - start);
            ReadChunkInto(keys, start, count, options.Vectors, options.Attributes, records);
        }

        Interlocked.Add(ref _retrieved, records.Count(r => r is not null));
        return records;
    }

    IEnumerable<VectorRecord> IVectorStore.ReadAll(ReadOptions options) => ReadAll(options);

    /// <summary>
    /// Every record in key order. The element names are listed first (from the store's member set,
    /// with SSCAN) and sorted; the records are then read 256 at a time as the caller reaches them,
    /// so a record deleted meanwhile is left out. With a filter, attributes are read and matched here.
    /// </summary>
    public IEnumerable<VectorRecord> ReadAll(ReadOptions? options = null)
    {
        options ??= ReadOptions.Default;
        ThrowIfClosed();

        // Parsed now, not when the stream is first read: a malformed filter fails this call.
        var filter = options.Filter is { } text ? Filter.Parse(text) : null;
        return ReadAllRecords(options, filter);
    }

    /// <summary>Every key listed in the store's member set, in key order.</summary>
    internal List<RecordKey> SortedKeys()
    {
        var keys = _server.Retry("SSCAN", () =>
        {
            var found = new List<RecordKey>();
            foreach (var shard in _keys.Shards)
            {
                foreach (var name in _server.Database.SetScan(shard.Members, pageSize: 1000))
                {
                    if (ElementNames.TryParse(name, out var key))
                    {
                        found.Add(key);
                    }
                }
            }

            return found;
        });

        keys.Sort();
        return keys;
    }

    private IEnumerable<VectorRecord> ReadAllRecords(ReadOptions options, Filter? filter)
    {
        var keys = SortedKeys();
        var chunk = new VectorRecord?[ReadChunk];
        for (var start = 0; start < keys.Count; start += ReadChunk)
        {
            var count = Math.Min(ReadChunk, keys.Count - start);
            Array.Clear(chunk);
            ReadChunkInto(keys, start, count, options.Vectors, options.Attributes || filter is not null, chunk, start);
            for (var i = 0; i < count; i++)
            {
                if (chunk[i] is not { } record || (filter is not null && !filter.Matches(record.Attributes)))
                {
                    continue;
                }

                Interlocked.Increment(ref _retrieved);
                yield return options.Attributes ? record : record with { Attributes = null };
            }
        }
    }

    /// <summary>Reads keys[start..start+count] with one pipelined round trip into <paramref name="into"/> (from index start - <paramref name="offset"/>).</summary>
    private void ReadChunkInto(IReadOnlyList<RecordKey> keys, int start, int count, bool vectors, bool attributes, VectorRecord?[] into, int offset = 0)
    {
        var vectorTasks = new Task<RedisResult>[count];
        var attributeTasks = new Task<string?>[count];
        var memberTasks = new Task<bool>[count];
        _ = _server.Retry("VEMB", () => SendReads(keys, start, count, vectors, attributes, vectorTasks, attributeTasks, memberTasks));

        for (var i = 0; i < count; i++)
        {
            float[] vector = [];
            if (vectors)
            {
                if (ParseVector(vectorTasks[i].Result) is not { } parsed)
                {
                    continue;
                }

                vector = parsed;
            }
            else if (!memberTasks[i].Result)
            {
                continue;
            }

            var attributeText = attributes ? attributeTasks[i].Result : null;
            var recordAttributes = attributes ? (string.IsNullOrEmpty(attributeText) ? RecordAttributes.Empty : RecordAttributes.FromJson(attributeText)) : null;
            into[start + i - offset] = new VectorRecord(keys[start + i], vector, recordAttributes);
        }
    }

    /// <summary>
    /// A VEMB RAW reply as floats: ["fp32", little-endian floats, norm] for an unquantized vector
    /// (Redis keeps it normalized and gives the norm to multiply by; Garnet keeps it as added and
    /// reports 1). A quantized store's vectors are read with plain VEMB: one decimal number per component.
    /// Null when the element is absent (Garnet answers an empty array, Redis nil).
    /// </summary>
    private float[]? ParseVector(RedisResult reply)
    {
        if (reply.IsNull || reply.Resp2Type != ResultType.Array)
        {
            return null;
        }

        var parts = (RedisResult[])reply!;
        if (parts.Length == 0)
        {
            return null;
        }

        if (parts.Length >= 2 && (string?)parts[0] is { } type && (type.Equals("fp32", StringComparison.OrdinalIgnoreCase) || type.Equals("f32", StringComparison.OrdinalIgnoreCase)) && ((byte[]?)parts[1]) is { } blob && blob.Length == Dimension * 4)
        {
            if (!BitConverter.IsLittleEndian)
            {
                for (var i = 0; i < blob.Length; i += 4)
                {
                    Array.Reverse(blob, i, 4);
                }
            }

            var vector = MemoryMarshal.Cast<byte, float>(blob).ToArray();
            if (_server.Dialect == ServerDialect.Redis && parts.Length >= 3 && double.TryParse((string?)parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var norm))
            {
                for (var i = 0; i < vector.Length; i++)
                {
                    vector[i] = (float)(vector[i] * norm);
                }
            }

            return vector;
        }

        if (parts.Length != Dimension)
        {
            return null;
        }

        var components = new float[Dimension];
        for (var i = 0; i < components.Length; i++)
        {
            components[i] = (float)(double)parts[i];
        }

        return components;
    }

    /// <summary>One pipeline of the reads of keys[start..start+count]; their replies land in the task arrays.</summary>
    private bool SendReads(IReadOnlyList<RecordKey> keys, int start, int count, bool vectors, bool attributes, Task<RedisResult>[] vectorTasks, Task<string?>[] attributeTasks, Task<bool>[] memberTasks)
    {
        var batch = _server.Database.CreateBatch();
        for (var i = 0; i < count; i++)
        {
            var element = ElementNames.Of(keys[start + i]);
            var set = _keys.ShardOf(element).Set;
            if (vectors)
            {
                vectorTasks[i] = _metadata.Quantization == VectorQuantization.None
                    ? batch.ExecuteAsync("VEMB", set, element, "RAW")
                    : batch.ExecuteAsync("VEMB", set, element);
            }
            else
            {
                memberTasks[i] = batch.VectorSetContainsAsync(set, element);
            }

            if (attributes)
            {
                attributeTasks[i] = batch.VectorSetGetAttributesJsonAsync(set, element);
            }
        }

        batch.Execute();
        Task.WaitAll([.. vectorTasks.Where(t => t is not null), .. attributeTasks.Where(t => t is not null), .. memberTasks.Where(t => t is not null)]);
        return true;

    }
}
