namespace VelesDb.Engine.Verification;

/// <summary>What is wrong with a record or a file, as a verification found it.</summary>
public enum DamageKind
{
    /// <summary>A slot's bytes (its id or its vector) do not match the checksum stored with them: bit rot or an outside write.</summary>
    SlotChecksum,

    /// <summary>A slot is intact but holds another record's id: the index and the data disagree.</summary>
    SlotKey,

    /// <summary>The index points a record at a slot the data file does not have.</summary>
    SlotOutOfRange,

    /// <summary>The index points two records at one slot.</summary>
    SlotNamedTwice,

    /// <summary>A record's attributes are not one valid JSON object within the limits.</summary>
    Attributes,

    /// <summary>The write-ahead log does not decode to its end: the records from the offset on are damaged or torn.</summary>
    Log,

    /// <summary>The index checkpoint file does not match its checksums: the next open would refuse the store. A checkpoint replaces it.</summary>
    Index,

    /// <summary>Damage a backend reported without saying more (see <see cref="StoreDamage.Problem"/>).</summary>
    Other,
}
