using VelesDb.Engine.IO;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Crashes;

/// <summary>
/// A folder Create makes is a new name in its parent: until the parent is synced, a power cut can
/// take the folder, and the acknowledged store inside it, away.
/// </summary>
public sealed class NewFolderDurabilityTests : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Create_syncs_the_parent_of_every_folder_it_makes_before_it_returns()
    {
        var outer = _dir.Next("outer");
        var path = Path.Combine(outer, "inner", "store");
        var fs = new DirectorySyncRecorder();
        MmapVectorStore.Create(path, 4, new VectorStoreOptions { FileSystem = fs }).Dispose();

        Assert.Contains(_dir.Root, fs.SyncedDirectories);
        Assert.Contains(outer, fs.SyncedDirectories);
        Assert.Contains(Path.Combine(outer, "inner"), fs.SyncedDirectories);
    }

    [Fact]
    public void Create_in_an_existing_folder_syncs_no_parent()
    {
        var path = _dir.Next("existing");
        _ = Directory.CreateDirectory(path);
        var fs = new DirectorySyncRecorder();
        MmapVectorStore.Create(path, 4, new VectorStoreOptions { FileSystem = fs }).Dispose();

        Assert.DoesNotContain(_dir.Root, fs.SyncedDirectories);
    }

    /// <summary>The real file system, noting which directories were synced.</summary>
    private sealed class DirectorySyncRecorder : IStoreFileSystem
    {
        public List<string> SyncedDirectories { get; } = [];

        public IStoreFile Open(string path, bool create) => OsStoreFileSystem.Instance.Open(path, create);

        public bool FileExists(string path) => OsStoreFileSystem.Instance.FileExists(path);

        public void Delete(string path) => OsStoreFileSystem.Instance.Delete(path);

        public void Replace(string source, string destination) => OsStoreFileSystem.Instance.Replace(source, destination);

        public void SyncDirectory(string directory)
        {
            SyncedDirectories.Add(directory.TrimEnd(Path.DirectorySeparatorChar));
            OsStoreFileSystem.Instance.SyncDirectory(directory);
        }

        public IEnumerable<string> List(string directory, string searchPattern) => OsStoreFileSystem.Instance.List(directory, searchPattern);
    }
}
