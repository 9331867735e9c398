using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>
/// The stores this module has open, keyed by canonical locator and shared by every runspace of the
/// process (<c>ForEach-Object -Parallel</c>, <c>Start-ThreadJob</c>). A backend locks a store
/// against every other opener, this process included, so a locator has at most one handle here;
/// opening it again returns that handle.
/// </summary>
internal static class StoreRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, VelesStore> Open = new(PathComparer);

    /// <summary>How full paths compare on this platform's usual file systems (URIs compare so too).</summary>
    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>Creates a store and registers it; fails if one is open or already there.</summary>
    public static VelesStore Create(StoreLocator locator, StoreCreateOptions options)
    {
        lock (Gate)
        {
            if (Open.ContainsKey(locator.Canonical))
            {
                throw new StoreExistsException(locator.Canonical, "a store is open there in this session; use Open-VelesStore to get its handle.");
            }

            var store = new VelesStore(StoreProviders.For(locator).Create(locator, options));
            Open.Add(locator.Canonical, store);
            return store;
        }
    }

    /// <summary>
    /// The open handle for the locator, or a newly opened one. <paramref name="durability"/> null
    /// means "whatever it is open with" (Full when it is opened now).
    /// </summary>
    public static VelesStore GetOrOpen(StoreLocator locator, Durability? durability, out bool opened) =>
        GetOrOpen(locator, durability, credential: null, out opened);

    /// <summary>As <see cref="GetOrOpen(StoreLocator, Durability?, out bool)"/>, reaching a server store with <paramref name="credential"/>.</summary>
    public static VelesStore GetOrOpen(StoreLocator locator, Durability? durability, System.Net.NetworkCredential? credential, out bool opened)
    {
        lock (Gate)
        {
            if (Open.TryGetValue(locator.Canonical, out var existing))
            {
                opened = false;
                return existing;
            }

            var options = new StoreOpenOptions { Durability = durability ?? Durability.Full, Credential = credential };
            var store = new VelesStore(StoreProviders.For(locator).Open(locator, options));
            Open.Add(locator.Canonical, store);
            opened = true;
            return store;
        }
    }

    /// <summary>The open handle for the locator, if there is one.</summary>
    public static bool TryGet(StoreLocator locator, out VelesStore store)
    {
        lock (Gate)
        {
            return Open.TryGetValue(locator.Canonical, out store!);
        }
    }

    /// <summary>The handles open now.</summary>
    public static IReadOnlyList<VelesStore> Snapshot()
    {
        lock (Gate)
        {
            return [.. Open.Values];
        }
    }

    /// <summary>Closes the store and forgets it. Closing a closed handle does nothing.</summary>
    public static void Close(VelesStore store)
    {
        lock (Gate)
        {
            if (Open.TryGetValue(store.Locator.Canonical, out var registered) && ReferenceEquals(registered, store))
            {
                _ = Open.Remove(store.Locator.Canonical);
            }

            store.CloseBacking();
        }
    }

    /// <summary>Closes every open store (module removal). Keeps going past a store that fails to close.</summary>
    public static void CloseAll()
    {
        List<Exception>? failures = null;
        foreach (var store in Snapshot())
        {
            try
            {
                Close(store);
            }
            catch (Exception e) when (e is VelesDbException or IOException or UnauthorizedAccessException)
            {
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("Some VelesDb stores could not be closed cleanly; they recover from their logs when next opened.", failures);
        }
    }
}
