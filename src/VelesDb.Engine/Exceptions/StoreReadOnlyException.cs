namespace VelesDb.Engine;

/// <summary>
/// The store's files cannot be written where they are (a read-only file system, or no write
/// permission), and a store only opens for writing: it takes its lock file and may recover from
/// its log. Not a lock held by someone else.
/// </summary>
public sealed class StoreReadOnlyException : VelesDbException
{
    /// <summary>Creates the exception for the store at <paramref name="directory"/>, whose file <paramref name="filePath"/> cannot be written for <paramref name="reason"/>.</summary>
    public StoreReadOnlyException(string directory, string filePath, string reason, Exception? innerException = null)
        : base($"The store at '{directory}' cannot be opened: '{filePath}' cannot be written ({reason}), and a store is " +
               "always opened for writing. Remount the file system read-write, grant write access, or copy the store to a writable directory.", innerException)
    {
        Directory = directory;
        FilePath = filePath;
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <summary>The file that could not be opened for writing.</summary>
    public string FilePath { get; }
}
