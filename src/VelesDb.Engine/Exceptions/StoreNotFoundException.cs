namespace VelesDb.Engine;

/// <summary>There is no store at the given directory.</summary>
public sealed class StoreNotFoundException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="directory"/>.</summary>
    public StoreNotFoundException(string directory, string reason)
        : base($"No VelesDb store at '{directory}': {reason}")
    {
        Directory = directory;
    }

    /// <summary>The directory that was asked for.</summary>
    public string Directory { get; }
}
