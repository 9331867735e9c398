using VelesDb.Engine;

namespace VelesDb.PowerShell;

/// <summary>
/// The stores this module has open, keyed by full path and shared by every runspace of the
/// process (<c>ForEach-Object -Parallel</c>, <c>Start-ThreadJob</c>). The engine locks a store's
/// directory against every other opener, this process included, so a path has at most one
/// handle here; opening it again returns that handle.
/// </summary>
internal static class StoreRegistry
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, VelesStore> Open = new(PathComparer);

    /// <summary>How full paths compare on this platform's usual file systems.</summary>
    public static StringComparer PathComparer { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    /// <summary>
    /// Creates a store and registers it; fails if one is open or on disk at that path.
    /// <paramref name="besideLookAlikes"/>: also in a folder of files that only look like a store's.
    /// </summary>
    public static VelesStore Create(string fullPath, int dimension, Durability durability, bool besideLookAlikes = false)
    {
        var key = Normalize(fullPath);
        lock (Gate)
        {
            if (Open.ContainsKey(key))
            {
                throw new StoreExistsException(key, "a store is open at that path in this session; use Open-VelesStore to get its handle.");
            }

            var store = new VelesStore(MmapVectorStore.Create(key, dimension, new VectorStoreOptions { Durability = durability }, besideLookAlikes));
            Open.Add(key, store);
            return store;
        }
    }

    /// <summary>
    /// The open handle for the path, or a newly opened one. <paramref name="durability"/> null
    /// means "whatever it is open with" (Full when it is opened now).
    /// </summary>
    public static VelesStore GetOrOpen(string fullPath, Durability? durability, out bool opened)
    {
        var key = Normalize(fullPath);
        lock (Gate)
        {
            if (Open.TryGetValue(key, out var existing))
            {
                opened = false;
                return existing;
            }

            var options = new VectorStoreOptions { Durability = durability ?? Durability.Full };
            var store = new VelesStore(MmapVectorStore.Open(key, options));
            Open.Add(key, store);
            opened = true;
            return store;
        }
    }

    /// <summary>The open handle for the path, if there is one.</summary>
    public static bool TryGet(string fullPath, out VelesStore store)
    {
        lock (Gate)
        {
            return Open.TryGetValue(Normalize(fullPath), out store!);
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
            if (Open.TryGetValue(store.Path, out var registered) && ReferenceEquals(registered, store))
            {
                _ = Open.Remove(store.Path);
            }

            store.CloseEngine();
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

    /// <summary>The full path without a trailing separator, as the engine reports it.</summary>
    public static string Normalize(string fullPath) => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(fullPath));
}
