namespace VelesDb.Engine.Contract;

/// <summary>A store that can copy itself, while writers go on, into a new folder that is a store of its own.</summary>
public interface IBackupStore
{
    /// <summary>
    /// Writes a consistent snapshot of the store as of one moment into <paramref name="destination"/>,
    /// a folder that must not exist: every write acknowledged before that moment is in it, none
    /// made after. The folder appears only once the copy is complete, synced and verified.
    /// Progress goes from 0 to 1.
    /// </summary>
    /// <exception cref="StoreExistsException">Something already exists at <paramref name="destination"/>.</exception>
    BackupResult Backup(string destination, IProgress<double>? progress = null);
}
