namespace VelesDb.Interchange;

/// <summary>
/// A file that cannot be read as its format at all: a bad header, a missing vector column, a
/// companion file that does not match. The one exception a reader throws for what a file holds;
/// a bad row is not an exception but a <see cref="RecordReader.Problem"/>.
/// </summary>
public sealed class InterchangeFormatException : Exception
{
    public InterchangeFormatException()
    {
    }

    public InterchangeFormatException(string message)
        : base(message)
    {
    }

    public InterchangeFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A problem in <paramref name="path"/>, named in the message.</summary>
    public InterchangeFormatException(string path, string problem, Exception? innerException = null)
        : base($"'{path}' cannot be read: {problem}", innerException)
    {
        FilePath = path;
    }

    /// <summary>The file, when known.</summary>
    public string? FilePath { get; }
}
