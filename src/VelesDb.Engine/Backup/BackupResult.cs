namespace VelesDb.Engine;

/// <summary>What a backup wrote.</summary>
/// <param name="Source">The locator of the store that was backed up (its full directory path for an embedded store).</param>
/// <param name="Destination">The full path of the folder that now holds the backup, itself a store.</param>
/// <param name="Records">Records in the backup: those live at the snapshot's moment.</param>
/// <param name="Bytes">Bytes of the files written into the backup.</param>
/// <param name="Duration">Wall-clock time from the start to the verified, durable backup.</param>
public sealed record BackupResult(string Source, string Destination, long Records, long Bytes, TimeSpan Duration);
