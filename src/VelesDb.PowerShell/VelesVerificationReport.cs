using VelesDb.Engine.Verification;

namespace VelesDb.PowerShell;

/// <summary>What Test-VelesStore found in one store, and what -Repair dropped.</summary>
public sealed class VelesVerificationReport
{
    internal VelesVerificationReport(string path, VerificationReport report)
    {
        Path = path;
        RecordsChecked = report.RecordsChecked;
        Damaged = [.. report.Damage.Select(damage => new VelesDamage(path, damage))];
        Duration = report.Duration;
        Repaired = [.. report.Repaired.Select(key => key.ToObject())];
        Checkpointed = report.Checkpointed;
    }

    /// <summary>The store's folder (or locator). It binds to -Path of the next cmdlet.</summary>
    public string Path { get; }

    /// <summary>Live records whose slots were read and checked.</summary>
    public long RecordsChecked { get; }

    /// <summary>Every piece of damage found: key, file, offset and problem.</summary>
    public VelesDamage[] Damaged { get; }

    /// <summary>True when nothing is damaged.</summary>
    public bool Healthy => Damaged.Length == 0;

    /// <summary>How long the check (and repair) took.</summary>
    public TimeSpan Duration { get; }

    /// <summary>The keys of the records -Repair dropped; empty without -Repair.</summary>
    public object[] Repaired { get; }

    /// <summary>True when -Repair replaced a damaged log or index file with a fresh checkpoint of the index (no record is lost by that).</summary>
    public bool Checkpointed { get; }
}
