namespace VelesDb.PowerShell;

/// <summary>What Backup-VelesStore wrote for one store.</summary>
public sealed class VelesBackupResult
{
    internal VelesBackupResult(string source, string destination, long records, long bytes, TimeSpan duration)
    {
        Source = source;
        Destination = destination;
        Records = records;
        Bytes = bytes;
        Duration = duration;
    }

    /// <summary>The store that was backed up (its folder, or a server store's locator).</summary>
    public string Source { get; }

    /// <summary>The full path of the backup's folder: a store that Open-VelesStore opens.</summary>
    public string Destination { get; }

    /// <summary>Records in the backup: those stored at the moment of the snapshot.</summary>
    public long Records { get; }

    /// <summary>Bytes of the files written into the backup.</summary>
    public long Bytes { get; }

    /// <summary>Wall-clock time until the backup was verified and durable.</summary>
    public TimeSpan Duration { get; }
}
