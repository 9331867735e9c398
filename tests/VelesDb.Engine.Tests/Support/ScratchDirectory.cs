namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// A fresh directory for one fault test, removed afterwards, with a new sub-directory per run.
/// (Not in /dev/shm: a tmpfs really zeroes the 16 MiB a new data file preallocates, which is slower.)
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory()
    {
        Root = Path.Combine(Path.GetTempPath(), "velesdb-faults", Guid.NewGuid().ToString("N"));
        _ = Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    private int _next;

    /// <summary>A new path under <see cref="Root"/> (not created).</summary>
    public string Next(string prefix) => Path.Combine(Root, $"{prefix}{Interlocked.Increment(ref _next)}");

    /// <summary>Removes a directory made for one run, so memory is returned as the test goes.</summary>
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
