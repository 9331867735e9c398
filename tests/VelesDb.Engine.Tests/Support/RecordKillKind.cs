namespace VelesDb.Engine.Tests.Support;

/// <summary>What one step of the records kill workload (<see cref="RecordKillWorkload"/>) does; each is one committed batch, or a compaction.</summary>
internal enum RecordKillKind
{
    /// <summary>Adds or overwrites a few records, text and integer keys, most with attributes.</summary>
    Add,

    /// <summary>Replaces the attributes of a few keys, keeping their vectors; a key not stored is skipped.</summary>
    Set,

    /// <summary>Removes a few keys; a key not stored is skipped.</summary>
    Remove,

    /// <summary>Compacts the store: every record's key, vector and attributes move to a new data file.</summary>
    Compact,

    /// <summary>Adds a batch too large to ride in the log: its slots are written and synced in place.</summary>
    Bulk,
}
