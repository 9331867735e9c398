using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Verification;

/// <summary>
/// What a verification of a whole store found: how many records it checked, every piece of damage
/// (it does not stop at the first), and, after a repair, which records were dropped.
/// </summary>
public sealed class VerificationReport
{
    /// <summary>Creates a report.</summary>
    public VerificationReport(long recordsChecked, IReadOnlyList<StoreDamage> damage, TimeSpan duration, IReadOnlyList<RecordKey>? repaired = null, bool checkpointed = false)
    {
        ArgumentNullException.ThrowIfNull(damage);
        RecordsChecked = recordsChecked;
        Damage = damage;
        Duration = duration;
        Repaired = repaired ?? [];
        Checkpointed = checkpointed;
    }

    /// <summary>Live records whose slots were read and checked.</summary>
    public long RecordsChecked { get; }

    /// <summary>Every piece of damage found, records first in slot order, then the log.</summary>
    public IReadOnlyList<StoreDamage> Damage { get; }

    /// <summary>True when nothing is damaged.</summary>
    public bool IsHealthy => Damage.Count == 0;

    /// <summary>How long the verification (and repair) took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The records a repair dropped (deleted through the log, as any delete); empty without a repair.</summary>
    public IReadOnlyList<RecordKey> Repaired { get; }

    /// <summary>True when a repair wrote a fresh checkpoint of the index (and emptied the log) to replace a damaged log or index file.</summary>
    public bool Checkpointed { get; }
}
