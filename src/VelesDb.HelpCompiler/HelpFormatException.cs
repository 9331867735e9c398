namespace VelesDb.HelpCompiler;

/// <summary>A help markdown file does not follow the platyPS schema; the message names the file and line.</summary>
internal sealed class HelpFormatException : Exception
{
    public HelpFormatException(string file, int line, string message)
        : base($"{file}:{line + 1}: {message}")
    {
    }

    public HelpFormatException()
    {
    }

    public HelpFormatException(string message)
        : base(message)
    {
    }

    public HelpFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
