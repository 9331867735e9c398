using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Providers;

/// <summary>
/// The embedded engine as a provider: a store is a folder, its locator the folder's full path. It
/// takes any location that is not a URI of another scheme (<c>file://</c> URIs are paths too).
/// </summary>
internal sealed class MmapStoreProvider : IStoreProvider
{
    public string Name => MmapVectorStore.BackendName;

    public bool TryLocate(string location, out StoreLocator locator)
    {
        locator = null!;
        var scheme = location.IndexOf("://", StringComparison.Ordinal);
        string path;
        if (scheme < 0)
        {
            path = location;
        }
        else if (location.StartsWith("file://", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(location, UriKind.Absolute, out var uri))
        {
            path = uri.LocalPath;
        }
        else
        {
            return false;
        }

        locator = new StoreLocator(Name, Canonicalize(path));
        return true;
    }

    public IVectorStore Create(StoreLocator locator, StoreCreateOptions options)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Metric is { } metric)
        {
            throw new CapabilityNotSupportedException(Name, locator.Canonical, $"a metric fixed at creation ({metric})", "An embedded store searches with the metric each search asks for; leave the metric out.");
        }

        if (options.Shards != 1)
        {
            throw new CapabilityNotSupportedException(Name, locator.Canonical, $"{options.Shards} shards", "An embedded store is one folder; shards need a server cluster's URI.");
        }

        return MmapVectorStore.Create(locator.Canonical, options.Dimension, new VectorStoreOptions { Durability = options.Durability, Quantization = options.Quantization }, options.Force);
    }

    public IVectorStore Open(StoreLocator locator, StoreOpenOptions options)
    {
        ArgumentNullException.ThrowIfNull(locator);
        ArgumentNullException.ThrowIfNull(options);
        return MmapVectorStore.Open(locator.Canonical, new VectorStoreOptions { Durability = options.Durability });
    }

    /// <summary>The full path without a trailing separator, as the engine reports its directory.</summary>
    internal static string Canonicalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
