using System.Diagnostics;
using VelesDb.Engine.Verification;

namespace VelesDb.Engine.Contract;

/// <summary>A store that can check every record against its checksum.</summary>
public interface IVerifyingStore
{
    /// <summary>Reads every record and checks it; returns how many were verified, or throws <see cref="StoreCorruptedException"/> at the first damage.</summary>
    long Verify();

    /// <summary>
    /// Checks every record and the store's files, going on past damage, and reports all of it;
    /// progress from 0 to 1. A backend that only has <see cref="Verify"/> reports the first damage it finds.
    /// </summary>
    VerificationReport Check(IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var verified = Verify();
            progress?.Report(1.0);
            return new VerificationReport(verified, [], Stopwatch.GetElapsedTime(started));
        }
        catch (StoreCorruptedException e)
        {
            return new VerificationReport(0, [new StoreDamage(null, e.FilePath, e.Offset, DamageKind.Other, e.Message)], Stopwatch.GetElapsedTime(started));
        }
    }

    /// <summary>
    /// As <see cref="Check"/>, then drops exactly the damaged records, crash-safely, and reports
    /// which (<see cref="VerificationReport.Repaired"/>). Throws <see cref="NotSupportedException"/>
    /// on a backend that cannot repair.
    /// </summary>
    VerificationReport Repair(IProgress<double>? progress = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("This store can verify its records but not repair them.");
}
