namespace VelesDb.Engine;

/// <summary>
/// An earlier write or sync failed part-way, so the store no longer knows what reached the disk.
/// It refuses further writes until it is closed and opened again, which recovers from the log.
/// </summary>
public sealed class StoreFailedException : VelesDbException
{
    /// <summary>Creates the exception for the store at <paramref name="directory"/>.</summary>
    public StoreFailedException(string directory, Exception? cause)
        : base($"The store at '{directory}' refuses writes because an earlier write or sync failed " +
               $"({cause?.Message ?? "unknown cause"}). Close it and open it again to recover.", cause)
    {
        Directory = directory;
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }
}
