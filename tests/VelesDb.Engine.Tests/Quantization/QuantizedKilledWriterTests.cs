using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Quantization;

/// <summary>
/// A real child process (VelesDb.CrashWriter, mode "quantized-faults") runs the int8-copy workload
/// with real syncs and SIGKILLs itself at named points of the copy's and the settings' file
/// operations: before, inside (a write that spans pages) and after each write of the copy, its
/// creation and deletion, and each step of saving the settings. Each time the store it leaves must
/// open, hold every acknowledged step, and answer exactly as its f32 scan does.
/// </summary>
public sealed class QuantizedKilledWriterTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_writer_killed_while_the_copy_or_the_settings_are_written_leaves_a_store_that_answers_exactly()
    {
        using var crashes = new QuantizedCrashTests(output);
        var trace = crashes.DryRun();
        var points = trace
            .Where(e => e.File.EndsWith(".q8", StringComparison.Ordinal) || e.File.StartsWith(StorePaths.SettingsFileName, StringComparison.Ordinal))
            .SelectMany(e => (e.CanTear ? new[] { FaultPosition.Before, FaultPosition.Inside, FaultPosition.After } : [FaultPosition.Before, FaultPosition.After])
                .Select(position => KillPoint.Named(position, e.Operation, e.File, e.Occurrence)))
            .Distinct()
            .ToList();
        Assert.True(points.Count >= 20, $"only {points.Count} kill points on the copy and the settings");
        foreach (var point in points)
        {
            var directory = _dir.Next("sigkill");
            using var child = CrashWriterProcess.StartWithEnvironment(
                new Dictionary<string, string> { [KillPoint.EnvironmentVariable] = point.ToString() },
                "quantized-faults", directory);
            var exit = child.WaitForExit(Patience);
            Assert.True(exit == 137, $"killed {point}: the writer was not killed there (exit {exit}). {child.StandardError}");
            Assert.DoesNotContain("closed", child.Lines);
            var acknowledged = child.Lines.Count(line => line.StartsWith("A ", StringComparison.Ordinal));
            QuantizedCrashTests.Verify(directory, acknowledged, $"SIGKILL {point} after {acknowledged} steps");
            TempStoreDirectory.Remove(directory);
        }

        output.WriteLine($"{points.Count} writers killed on the copy's and the settings' file operations");
    }
}
