using VelesDb.Interchange;

namespace VelesDb.PowerShell.Interchange;

/// <summary>What Import-VelesVector stored from one file.</summary>
public sealed class VelesImportResult
{
    internal VelesImportResult(string path, InterchangeFormat format, string storePath, long rows, long imported, long failed, TimeSpan duration)
    {
        Path = path;
        Format = format;
        StorePath = storePath;
        Rows = rows;
        Imported = imported;
        Failed = failed;
        Duration = duration;
    }

    /// <summary>The full path of the file read.</summary>
    public string Path { get; }

    /// <summary>The file's format.</summary>
    public InterchangeFormat Format { get; }

    /// <summary>The store written to.</summary>
    public string StorePath { get; }

    /// <summary>Rows read from the file, good and bad.</summary>
    public long Rows { get; }

    /// <summary>Records stored, durably, when the cmdlet returned.</summary>
    public long Imported { get; }

    /// <summary>Rows not stored, each reported as an error naming its line or row.</summary>
    public long Failed { get; }

    /// <summary>Wall-clock time until the last batch was durable.</summary>
    public TimeSpan Duration { get; }
}
