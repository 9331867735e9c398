using VelesDb.Engine.IO;

namespace VelesDb.Engine;

/// <summary>
/// What in a store's folder is the store's: the folders Create makes, the files it refuses to
/// move in beside, and the leftovers an open may delete. The rule throughout: a store deletes
/// or overwrites only files it can prove it wrote, never the user's.
/// </summary>
internal static class StoreFolder
{
    /// <summary>
    /// Creates the store's folder and every missing one above it. Returns the parents of the
    /// folders it made: each new folder is a name in its parent, which a power cut can take away
    /// (with the store inside) until that parent is synced.
    /// </summary>
    public static List<string> Create(IStoreFileSystem fs, string fullPath)
    {
        var created = new List<string>();
        for (var folder = fullPath; !fs.DirectoryExists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            created.Add(folder);
            if (Path.GetDirectoryName(folder) is null)
            {
                break;
            }
        }

        fs.CreateDirectory(fullPath);
        return [.. created.Select(folder => Path.GetDirectoryName(folder)).OfType<string>()];
    }

    /// <summary>
    /// Refuses a folder holding files the store would have to share a name with (always), or
    /// that look like a store's (unless <paramref name="force"/>). Without an index none of them
    /// is the store's: deleting them as leftovers would delete the user's files.
    /// </summary>
    public static void ThrowIfForeignFiles(IStoreFileSystem fs, StorePaths paths, bool force)
    {
        var names = fs.List(paths.Directory, "*").Select(file => Path.GetFileName(file)).ToList();

        // Where names ignore case (Windows, macOS), "Vectors.WAL" is the file the log would open.
        var caseless = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS();
        var colliding = names
            .Where(name => StorePaths.IsStoreName(caseless ? name.ToLowerInvariant() : name))
            .Where(name => !string.Equals(name, StorePaths.LockFileName, caseless ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) || !IsStoreLockFile(fs, paths.Lock))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (colliding.Count > 0)
        {
            throw new ForeignFilesException(paths.Directory, colliding, forceWouldHelp: false);
        }

        var lookAlikes = names.Where(StorePaths.LooksLikeStoreName).Order(StringComparer.Ordinal).ToList();
        if (lookAlikes.Count > 0 && !force)
        {
            throw new ForeignFilesException(paths.Directory, lookAlikes, forceWouldHelp: true);
        }
    }

    /// <summary>
    /// True for a lock file a store left (empty, or a process id): taking it over loses nothing.
    /// One held by another process counts too; acquiring it then says who holds it.
    /// </summary>
    private static bool IsStoreLockFile(IStoreFileSystem fs, string path)
    {
        try
        {
            using var file = fs.Open(path, create: false);
            if (file.Length > 10)
            {
                return false;
            }

            Span<byte> bytes = stackalloc byte[(int)file.Length];
            var read = file.Read(bytes, 0);
            return !bytes[..read].ContainsAnyExceptInRange((byte)'0', (byte)'9');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>
    /// Deletes what the store can prove it left: data files of the generations it issued before
    /// the current one (replaced by a compaction whose deletion did not finish), the one a
    /// compaction cut short was writing (the next), and the checkpoint's temp file. Any other
    /// file, even one named like a store's, is the user's and stays.
    /// </summary>
    public static void DeleteLeftovers(IStoreFileSystem fs, StorePaths paths, long generation)
    {
        foreach (var file in fs.List(paths.Directory, StorePaths.DataFilePattern))
        {
            if (StorePaths.TryParseGeneration(Path.GetFileName(file), out var issued) && issued != generation && issued <= generation + 1)
            {
                fs.DeleteUnreferencedAsync(file).Wait();
            }
        }

        if (fs.FileExists(paths.IndexTemp))
        {
            fs.DeleteUnreferencedAsync(paths.IndexTemp).Wait();
        }
    }
}
