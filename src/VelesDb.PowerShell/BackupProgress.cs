using System.Diagnostics;
using System.Management.Automation;

namespace VelesDb.PowerShell;

/// <summary>
/// Turns a backup's progress (0..1, reported on the calling thread) into Write-Progress records:
/// one activity id, real percentages, at most a few updates a second, and a final Completed record.
/// </summary>
internal sealed class BackupProgress(Cmdlet cmdlet, string storePath, string destination) : IProgress<double>
{
    /// <summary>The activity id of every backup's progress bar.</summary>
    public const int ActivityId = 0x7E1E6;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly Stopwatch _sinceLast = new();
    private int _lastPercent = -1;

    public void Report(double value)
    {
        var percent = (int)Math.Clamp(Math.Floor(value * 100), 0, 100);
        if (percent == _lastPercent || (_sinceLast.IsRunning && _sinceLast.Elapsed < Interval && percent < 100))
        {
            return;
        }

        _lastPercent = percent;
        _sinceLast.Restart();
        cmdlet.WriteProgress(new ProgressRecord(ActivityId, Activity, $"{percent}% copied to {destination}")
        {
            PercentComplete = percent,
        });
    }

    public void Complete() => cmdlet.WriteProgress(new ProgressRecord(ActivityId, Activity, "Done")
    {
        PercentComplete = 100,
        RecordType = ProgressRecordType.Completed,
    });

    private string Activity => $"Backing up {storePath}";
}
