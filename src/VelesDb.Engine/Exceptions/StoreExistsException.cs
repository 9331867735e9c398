namespace VelesDb.Engine;

/// <summary>A store, or a file, already exists where a new store was to be created.</summary>
public sealed class StoreExistsException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="path"/>.</summary>
    public StoreExistsException(string path, string reason)
        : base($"Cannot create a store at '{path}': {reason}")
    {
        Path = path;
    }

    /// <summary>The path where the store was to be created.</summary>
    public string Path { get; }
}
