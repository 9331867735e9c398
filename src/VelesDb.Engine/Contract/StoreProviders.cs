using VelesDb.Engine.Providers;

namespace VelesDb.Engine.Contract;

/// <summary>
/// The providers a locator is resolved against, in order: those registered (servers, by URI scheme)
/// first, then the embedded engine, which takes any file-system path. Shared by the process.
/// </summary>
public static class StoreProviders
{
    private static readonly Lock Gate = new();
    private static IStoreProvider[] _registered = [];

    /// <summary>The embedded memory-mapped engine's provider.</summary>
    public static IStoreProvider Embedded { get; } = new MmapStoreProvider();

    /// <summary>Every provider, in the order locators are tried.</summary>
    public static IReadOnlyList<IStoreProvider> All => [.. Volatile.Read(ref _registered), Embedded];

    /// <summary>Adds a provider, tried before the embedded engine. Registering one of the same name again replaces it.</summary>
    public static void Register(IStoreProvider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        lock (Gate)
        {
            _registered = [.. _registered.Where(p => !string.Equals(p.Name, provider.Name, StringComparison.OrdinalIgnoreCase)), provider];
        }
    }

    /// <summary>The provider that serves <paramref name="location"/> and its canonical locator.</summary>
    public static (IStoreProvider Provider, StoreLocator Locator) Locate(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        foreach (var provider in All)
        {
            if (provider.TryLocate(location, out var locator))
            {
                return (provider, locator);
            }
        }

        throw new ArgumentException($"No VelesDb backend serves the location '{location}'. Give a folder path, or a URI of a registered server scheme.", nameof(location));
    }

    /// <summary>The provider named in <paramref name="locator"/>.</summary>
    public static IStoreProvider For(StoreLocator locator)
    {
        ArgumentNullException.ThrowIfNull(locator);
        return All.FirstOrDefault(p => string.Equals(p.Name, locator.Provider, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"No VelesDb backend named '{locator.Provider}' is registered for '{locator.Canonical}'.", nameof(locator));
    }
}
