using VelesDb.Interchange;

namespace VelesDb.PowerShell.Interchange;

/// <summary>What Export-VelesVector wrote for one store.</summary>
public sealed class VelesExportResult
{
    internal VelesExportResult(string storePath, string path, string? idsPath, InterchangeFormat format, long records, long skipped, long bytes, TimeSpan duration)
    {
        StorePath = storePath;
        Path = path;
        IdsPath = idsPath;
        Format = format;
        Records = records;
        Skipped = skipped;
        Bytes = bytes;
        Duration = duration;
    }

    /// <summary>The store exported (its folder, or a server store's locator).</summary>
    public string StorePath { get; }

    /// <summary>The full path of the file written.</summary>
    public string Path { get; }

    /// <summary>The companion key file written beside it (the array formats), or null.</summary>
    public string? IdsPath { get; }

    /// <summary>The file's format.</summary>
    public InterchangeFormat Format { get; }

    /// <summary>Records written.</summary>
    public long Records { get; }

    /// <summary>Records the format cannot hold, left out (each reported as a VelesDb.NotRepresentable error).</summary>
    public long Skipped { get; }

    /// <summary>Bytes of the files written.</summary>
    public long Bytes { get; }

    /// <summary>Wall-clock time until the file was complete and synced.</summary>
    public TimeSpan Duration { get; }
}
