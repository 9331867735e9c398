namespace VelesDb.Engine.IO;

/// <summary>The real file system.</summary>
internal sealed class OsStoreFileSystem : IStoreFileSystem
{
    public static OsStoreFileSystem Instance { get; } = new();

    public IStoreFile Open(string path, bool create) => new OsStoreFile(path, create);

    public bool FileExists(string path) => File.Exists(path);

    public bool DirectoryExists(string path) => Directory.Exists(path);

    public void CreateDirectory(string path) => _ = Directory.CreateDirectory(path);

    public void MoveDirectory(string source, string destination) => DiskFull.Advise(() => Directory.Move(source, destination));

    public void DeleteDirectory(string path) => Directory.Delete(path, recursive: true);

    public IDisposable AcquireLock(string lockPath) => StoreLock.Acquire(lockPath);

    public long LengthOf(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }

    public void Delete(string path) => File.Delete(path);

    public Task DeleteUnreferencedAsync(string path) => Task.Run(() =>
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still mapped (Windows): the next open removes it.
        }
    });

    public void Replace(string source, string destination) => DiskFull.Advise(() => File.Move(source, destination, overwrite: true));

    public void SyncDirectory(string directory) => Native.SyncDirectory(directory);

    public IEnumerable<string> List(string directory, string searchPattern) =>
        Directory.EnumerateFiles(directory, searchPattern);
}
