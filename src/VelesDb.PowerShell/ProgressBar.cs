using System.Diagnostics;
using System.Management.Automation;

namespace VelesDb.PowerShell;

/// <summary>
/// Turns an engine operation's progress (0..1, reported on the calling thread) into Write-Progress
/// records: one activity id per kind of operation, real percentages, at most a few updates a
/// second, and a Completed record when it is done.
/// </summary>
internal sealed class ProgressBar(Cmdlet cmdlet, int activityId, string activity, string unitsDone) : IProgress<double>
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _sinceLast = new();
    private int _lastPercent = -1;

    /// <summary>The bar of a compaction of the store at <paramref name="storePath"/>.</summary>
    public static ProgressBar Compaction(Cmdlet cmdlet, string storePath) =>
        new(cmdlet, 0x7E1E5, $"Compacting {storePath}", "the live vectors copied");

    /// <summary>The bar of a check (Test-VelesStore) of the store at <paramref name="storePath"/>.</summary>
    public static ProgressBar Verification(Cmdlet cmdlet, string storePath) =>
        new(cmdlet, 0x7E1E6, $"Verifying {storePath}", "the records checked");

    /// <summary>The bar of a backup (Backup-VelesStore) of the store at <paramref name="storePath"/>.</summary>
    public static ProgressBar Backup(Cmdlet cmdlet, string storePath) =>
        new(cmdlet, 0x7E1E7, $"Backing up {storePath}", "the records copied");

    /// <summary>The bar of building a store's int8 copy (Set-VelesStore -Quantization Int8) at <paramref name="storePath"/>.</summary>
    public static ProgressBar Quantization(Cmdlet cmdlet, string storePath) =>
        new(cmdlet, 0x7E1E8, $"Quantizing {storePath}", "the vectors quantized");

    public void Report(double value)
    {
        var percent = (int)Math.Clamp(Math.Floor(value * 100), 0, 100);
        if (percent == _lastPercent || (_sinceLast.IsRunning && _sinceLast.Elapsed < Interval && percent < 100))
        {
            return;
        }

        _lastPercent = percent;
        _sinceLast.Restart();
        cmdlet.WriteProgress(new ProgressRecord(activityId, activity, $"{percent}% of {unitsDone}")
        {
            PercentComplete = percent,
        });
    }

    public void Complete() => cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done")
    {
        PercentComplete = 100,
        RecordType = ProgressRecordType.Completed,
    });
}
