using StackExchange.Redis;

namespace VelesDb.Redis.Tests;

/// <summary>Helpers for tests of stores on the shared Garnet server.</summary>
public abstract class ServerStoreTests(GarnetServer garnet) : IDisposable
{
    private readonly List<IDisposable> _opened = [];
    private ConnectionMultiplexer? _raw;

    protected GarnetServer Garnet { get; } = garnet;

    protected RedisStoreProvider Provider { get; } = new();

    /// <summary>A plain client of the same server, for looking behind the store's back.</summary>
    protected IDatabase Raw => (_raw ??= ConnectionMultiplexer.Connect($"127.0.0.1:{Garnet.Port}")).GetDatabase();

    protected RedisVectorStore Create(string location, int dimension, DistanceMetric? metric = null, RedisStoreSettings? settings = null)
    {
        var store = (RedisVectorStore)Provider.Create(Locate(location), new StoreCreateOptions { Dimension = dimension, Metric = metric }, settings ?? RedisStoreSettings.Default);
        _opened.Add(store);
        return store;
    }

    protected RedisVectorStore Open(string location)
    {
        var store = (RedisVectorStore)Provider.Open(Locate(location), new StoreOpenOptions());
        _opened.Add(store);
        return store;
    }

    protected StoreLocator Locate(string location) =>
        Provider.TryLocate(location, out var locator) ? locator : throw new InvalidOperationException($"Not a server location: {location}");

    protected static void Write(IVectorStore store, params (RecordKey Key, float[] Vector, string? Json)[] records)
    {
        using var writer = store.BeginWrite();
        foreach (var (key, vector, json) in records)
        {
            writer.Add(key, vector, json is null ? null : RecordAttributes.FromJson(json));
        }

        writer.Commit();
    }

    /// <summary>The name of a store's vector-set key, from its location.</summary>
    protected static string KeyOf(string location) => location[(location.LastIndexOf('/') + 1)..];

    public void Dispose()
    {
        foreach (var store in _opened)
        {
            store.Dispose();
        }

        _raw?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Resolving a location through a provider, as the cmdlets do through <see cref="StoreProviders"/>.</summary>
internal static class ProviderExtensions
{
    public static StoreLocator Locate(this RedisStoreProvider provider, string location) =>
        provider.TryLocate(location, out var locator) ? locator : throw new InvalidOperationException($"Not a server location: {location}");
}
