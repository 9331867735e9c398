namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// A fresh directory for one test, removed afterwards: the store under test at <see cref="StorePath"/>,
/// or a new sub-directory per run from <see cref="Next"/>.
/// (Not in /dev/shm: a tmpfs really zeroes the 16 MiB a new data file preallocates, which is slower.)
/// </summary>
internal sealed class TempStoreDirectory : IDisposable
{
    /// <summary>The shared parent of every test's directory; removed when the test run ends, if empty.</summary>
    private static readonly string SharedRoot = RemovedWhenEmptyAtExit(Path.Combine(Path.GetTempPath(), "velesdb-tests"));

    private int _next;

    public TempStoreDirectory()
    {
        Root = Path.Combine(SharedRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        StorePath = Path.Combine(Root, "store");
    }

    public string Root { get; }

    /// <summary>Where the store under test lives (not created yet).</summary>
    public string StorePath { get; }

    public string File(string name) => Path.Combine(StorePath, name);

    /// <summary>A new path under <see cref="Root"/> (not created).</summary>
    public string Next(string prefix) => Path.Combine(Root, $"{prefix}{Interlocked.Increment(ref _next)}");

    /// <summary>Removes a directory made for one run, so space is returned as the test goes.</summary>
    public static void Remove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>
    /// Copies the store's files as they are right now, as a killed process would leave them
    /// (the page cache survives a process kill), into a new directory, and returns its path.
    /// </summary>
    public string SnapshotAsAfterKill() => SnapshotAsAfterKill(StorePath);

    /// <summary>The same, for a store living at <paramref name="storePath"/>.</summary>
    public string SnapshotAsAfterKill(string storePath) =>
        DirectoryCopy.CopyAsAfterKill(storePath, Path.Combine(Root, "snapshot-" + Guid.NewGuid().ToString("N")[..8]));

    /// <summary>
    /// Removes <paramref name="folder"/> when the process ends, if it is empty then. Never while
    /// tests run (one may be creating its directory in it), and never a non-empty one: another
    /// test run on the machine may be using it.
    /// </summary>
    internal static string RemovedWhenEmptyAtExit(string folder)
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: false);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        };
        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
