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

    /// <summary>Atomically replaces <paramref name="destination"/> with <paramref name="source"/>.</summary>
    void Replace(string source, string destination);

    /// <summary>Makes creations, renames and deletions inside <paramref name="directory"/> durable.</summary>
    void SyncDirectory(string directory);

    IEnumerable<string> List(string directory, string searchPattern);
}
