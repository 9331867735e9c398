namespace VelesDb.Engine;

/// <summary>A store file is damaged, foreign, truncated or of a newer format.</summary>
public sealed class StoreCorruptedException : VelesDbException
{
    /// <summary>Creates the exception for <paramref name="filePath"/> at byte <paramref name="offset"/>.</summary>
    public StoreCorruptedException(string filePath, long offset, string problem, Exception? innerException = null)
        : base($"The store file '{filePath}' is damaged at byte offset {offset}: {problem}", innerException)
    {
        FilePath = filePath;
        Offset = offset;
    }

    /// <summary>The full path of the damaged file.</summary>
    public string FilePath { get; }

    /// <summary>The byte offset in <see cref="FilePath"/> where the damage was found.</summary>
    public long Offset { get; }
}
