using System.Globalization;
using System.Runtime.InteropServices;
using StackExchange.Redis;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.Redis;

/// <summary>
/// A store kept on a Redis 8 or Garnet server as one vector set (see <see cref="StoreKeys"/> for
/// its keys and <see cref="ElementNames"/> for how record keys are named). Vectors go over the wire
/// as raw little-endian 32-bit floats (FP32 on VADD, VEMB RAW back), so an unquantized store
/// returns exactly what was added; attributes are the element's JSON attributes. The metric is fixed
/// at creation. Search is the server's approximate HNSW search unless an exact one is asked for.
/// </summary>
public sealed partial class RedisVectorStore : IVectorStore
{
    private readonly RedisServer _server;
    private readonly StoreKeys _keys;
    private readonly StoreMetadata _metadata;
    private readonly LatencyRecorder _batchLatency = new();
    private long _stored;
    private long _deleted;
    private long _retrieved;
    private bool _open = true;

    internal RedisVectorStore(RedisServer server, StoreKeys keys, StoreMetadata metadata, Durability durability)
    {
        _server = server;
        _keys = keys;
        _metadata = metadata;
        Durability = durability;
        Locator = new StoreLocator(RedisStoreProvider.ProviderName, server.Locator);
    }

    /// <inheritdoc/>
    public StoreLocator Locator { get; }

    /// <inheritdoc/>
    public string Backend => RedisStoreProvider.ProviderName;

    /// <inheritdoc/>
    public int Dimension => _metadata.Dimension;

    /// <summary>The metric fixed when the store was created.</summary>
    public DistanceMetric Metric => _metadata.Metric;

    DistanceMetric? IVectorStore.Metric => _metadata.Metric;

    /// <summary>How the server keeps the vectors.</summary>
    public VectorQuantization Quantization => _metadata.Quantization;

    /// <summary>
    /// What was asked for: with <see cref="Durability.Full"/> a committing write scope also asks
    /// Garnet to commit its append-only file (COMMITAOF), so a server run with <c>--aof</c> has the
    /// scope on disk. What a write survives is otherwise the server's persistence settings.
    /// </summary>
    public Durability Durability { get; }

    /// <inheritdoc/>
    public long Count
    {
        get
        {
            ThrowIfClosed();
            return _server.Call("VCARD", db => _keys.Shards.Sum(shard => db.VectorSetLength(shard.Set)));
        }
    }

    /// <inheritdoc/>
    public bool IsOpen => _open;

    internal RedisServer Server => _server;

    internal StoreKeys Keys => _keys;

    internal LatencyRecorder BatchLatency => _batchLatency;

    /// <inheritdoc/>
    public IStoreWriter BeginWrite(WriteScopeOptions? options = null)
    {
        ThrowIfClosed();
        return new RedisWriteScope(this, options ?? new WriteScopeOptions());
    }

    /// <inheritdoc/>
    public bool Contains(RecordKey key)
    {
        ThrowIfClosed();
        var element = ElementNames.Of(key);
        return _server.Call("VISMEMBER", db => db.VectorSetContains(_keys.ShardOf(element).Set, element));
    }

    /// <inheritdoc/>
    public StoreMetricsReport GetMetrics()
    {
        ThrowIfClosed();
        // The server's own figures of the first shard; the shards are built alike.
        var first = _keys.Shards[0].Set;
        var info = _server.Call("VINFO", db => db.Execute("VINFO", first));
        var details = new List<KeyValuePair<string, object?>>
        {
            new("Server", _server.Dialect.ToString()),
            new("Metric", _metadata.Metric.ToString()),
            new("Quantization", _metadata.Quantization.ToString()),
            new("Shards", (long)_keys.Shards.Count),
        };
        var dimension = _metadata.Dimension;
        if (info.Resp2Type == ResultType.Array)
        {
            var fields = (RedisResult[])info!;
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                var name = (string?)fields[i] ?? string.Empty;
                object? value = fields[i + 1].Resp2Type == ResultType.Integer ? (long)fields[i + 1] : (string?)fields[i + 1];
                details.Add(new("Server." + name, value));
            }
        }

        if (_server.Call("EXISTS", db => db.KeyExists(first)))
        {
            // VINFO's field names differ by server (StackExchange.Redis reads Dimension 0 from Garnet); VDIM does not.
            dimension = (int)(long)_server.Call("VDIM", db => db.Execute("VDIM", first));
        }

        if (ServerMemory() is { } memory)
        {
            details.Add(new("ServerMemoryBytes", memory));
        }

        return new StoreMetricsReport
        {
            Locator = Locator,
            Backend = Backend,
            Dimension = dimension,
            Count = Count,
            Durability = Durability,
            StoredCount = Interlocked.Read(ref _stored),
            DeletedCount = Interlocked.Read(ref _deleted),
            RetrievedCount = Interlocked.Read(ref _retrieved),
            BatchWriteLatency = _batchLatency.Summarize(),

            // Neither is kept on the server: counting them would read every record. They stay 0.
            KeyBytes = 0,
            AttributeBytes = 0,
            Details = details,
        };
    }

    /// <summary>Closes the connection; the records stay on the server.</summary>
    public void Dispose()
    {
        if (!_open)
        {
            return;
        }

        _open = false;
        _server.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => Locator.Canonical;

    internal void CountWrites(long stored, long deleted)
    {
        Interlocked.Add(ref _stored, stored);
        Interlocked.Add(ref _deleted, deleted);
    }

    /// <summary>The VADD arguments that store one record, with its attributes replacing any it had.</summary>
    internal object[] AddArguments(RedisValue element, ReadOnlySpan<float> vector, RecordAttributes? attributes)
    {
        var arguments = new List<object>(10)
        {
            _keys.ShardOf(element).Set,
            "FP32",
            ToBlob(vector),
            element,
            _metadata.Quantization == VectorQuantization.Int8 ? "Q8" : "NOQUANT",
        };
        if (_server.Dialect == ServerDialect.Garnet)
        {
            // Garnet takes the metric on every VADD and refuses one that differs from the set's.
            arguments.Add("XDISTANCE_METRIC");
            arguments.Add(MetricConvention.GarnetName(_metadata.Metric));
        }

        // Always given, "{}" when there are none: an overwrite without SETATTR would keep the old attributes.
        arguments.Add("SETATTR");
        arguments.Add(attributes?.Json ?? RecordAttributes.Empty.Json);
        return [.. arguments];
    }

    /// <summary>Throws for a vector the store would refuse: wrong dimension, NaN or infinity.</summary>
    internal void ValidateVector(RecordKey? key, ReadOnlySpan<float> vector)
    {
        if (vector.Length != Dimension)
        {
            throw key is { } k ? new DimensionMismatchException(Dimension, vector.Length, k.ToString()) : new DimensionMismatchException(Dimension, vector.Length);
        }

        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                var name = key is { } k ? $"Vector {k}" : "The query";
                throw new InvalidVectorException($"{name} cannot be used: component {i} is {vector[i].ToString(CultureInfo.InvariantCulture)}; NaN and infinity are rejected.", key is { IsText: false } n ? n.Number : null);
            }
        }
    }

    internal void ThrowIfClosed() => ObjectDisposedException.ThrowIf(!_open, this);

    private static byte[] ToBlob(ReadOnlySpan<float> vector)
    {
        var bytes = MemoryMarshal.AsBytes(vector).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < bytes.Length; i += 4)
            {
                Array.Reverse(bytes, i, 4);
            }
        }

        return bytes;
    }

    /// <summary>
    /// The memory of the whole server, as it reports it: Redis's used_memory, Garnet's resident
    /// process size (it has no used_memory). Neither server reports one vector set's memory: MEMORY
    /// USAGE of a Garnet vector set counts only its stub (80 bytes), not its graph.
    /// </summary>
    private long? ServerMemory()
    {
        var field = _server.Dialect == ServerDialect.Garnet ? "proc_physical_memory_size:" : "used_memory:";
        var text = (string?)_server.Call("INFO", db => db.Execute("INFO", "memory")) ?? string.Empty;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(field, StringComparison.Ordinal) && long.TryParse(line.AsSpan(field.Length).Trim(), CultureInfo.InvariantCulture, out var bytes))
            {
                return bytes;
            }
        }

        return null;
    }
}
