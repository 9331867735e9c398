namespace VelesDb.Engine.Tests.Support;

/// <summary>A fresh directory for one test, removed afterwards.</summary>
internal sealed class TempStoreDirectory : IDisposable
{
    /// <summary>The shared parent of every test's directory; removed when the test run ends, if empty.</summary>
    private static readonly string SharedRoot = RemovedWhenEmptyAtExit(Path.Combine(Path.GetTempPath(), "velesdb-tests"));

    public TempStoreDirectory()
    {
        Root = Path.Combine(SharedRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        StorePath = System.IO.Path.Combine(Root, "store");
    }

    public string Root { get; }

    /// <summary>Where the store under test lives (not created yet).</summary>
    public string StorePath { get; }

    public string File(string name) => Path.Combine(StorePath, name);

    /// <summary>
    /// Copies the store's files as they are right now, as a killed process would leave them
    /// (the page cache survives a process kill), into a new directory, and returns its path.
    /// </summary>
    public string SnapshotAsAfterKill() => SnapshotAsAfterKill(StorePath);

    /// <summary>The same, for a store living at <paramref name="storePath"/>.</summary>
    public string SnapshotAsAfterKill(string storePath)
    {
        var copy = Path.Combine(Root, "snapshot-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.EnumerateFiles(storePath))
        {
            if (Path.GetFileName(file) == StorePaths.LockFileName)
            {
                continue;
            }

            FileStream source;
            try
            {
                source = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (FileNotFoundException)
            {
                // A replaced data file the store is deleting in the background: a kill now may leave it or not.
                continue;
            }

            using (source)
            using (var target = new FileStream(Path.Combine(copy, Path.GetFileName(file)), FileMode.CreateNew))
            {
                source.CopyTo(target);
            }
        }

        return copy;
    }

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
