namespace VelesDb.Engine.IO;

/// <summary>
/// The narrow seam between the engine and the file system, so tests can inject faults
/// (a failing sync, a full disk, a lost page cache) without touching production paths.
/// </summary>
internal interface IStoreFileSystem
{
    /// <summary>Opens an existing file, or creates it (empty, replacing any old one) when <paramref name="create"/>.</summary>
    IStoreFile Open(string path, bool create);

    bool FileExists(string path);

    void Delete(string path);

    /// <summary>
    /// Deletes a file that nothing names any more (a data file a compaction replaced); the task
    /// ends once it is gone. Never fails: a file that cannot go now (still mapped, on Windows) is
    /// removed by the next open. Freeing a large file's blocks can take tens of milliseconds, so
    /// the real file system does it in the background; this default does it at once, in order.
    /// </summary>
    Task DeleteUnreferencedAsync(string path)
    {
        try
        {
            Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for the next open's clean-up.
        }

        return Task.CompletedTask;
    }

    /// <summary>Atomically replaces <paramref name="destination"/> with <paramref name="source"/>.</summary>
    void Replace(string source, string destination);

    /// <summary>True when <paramref name="path"/> is a directory.</summary>
    /// <remarks>The defaults of the directory and lock members are the real file system's: test
    /// file systems model files, and pass folders and the cross-process lock through.</remarks>
    bool DirectoryExists(string path) => OsStoreFileSystem.Instance.DirectoryExists(path);

    /// <summary>Creates <paramref name="path"/> and every missing directory above it.</summary>
    void CreateDirectory(string path) => OsStoreFileSystem.Instance.CreateDirectory(path);

    /// <summary>Renames the folder <paramref name="source"/> to <paramref name="destination"/>, which must not exist.</summary>
    void MoveDirectory(string source, string destination) => OsStoreFileSystem.Instance.MoveDirectory(source, destination);

    /// <summary>Deletes a folder the engine made, and everything in it.</summary>
    void DeleteDirectory(string path) => OsStoreFileSystem.Instance.DeleteDirectory(path);

    /// <summary>Takes the store's exclusive lock on <paramref name="lockPath"/>; disposing it lets go.</summary>
    IDisposable AcquireLock(string lockPath) => OsStoreFileSystem.Instance.AcquireLock(lockPath);

    /// <summary>The length of the file at <paramref name="path"/> in bytes, or 0 when there is none.</summary>
    long LengthOf(string path)
    {
        if (!FileExists(path))
        {
            return 0;
        }

        using var file = Open(path, create: false);
        return file.Length;
    }

    /// <summary>Makes creations, renames and deletions inside <paramref name="directory"/> durable.</summary>
    void SyncDirectory(string directory);

    IEnumerable<string> List(string directory, string searchPattern);
}
