using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Crashes;

/// <summary>
/// Deterministic kill points, in this process: a scripted workload that reaches every write path
/// (puts, overwrites, deletes, flushes, checkpoints, growth inside a put and without one, two
/// compactions, the clean close) is run once to record its file operations, then once more per
/// operation and position, killed before it, halfway through it (writes) or after it. A kill
/// keeps the page cache, so the files are left exactly as they are at that moment. Each time the
/// store must open without repair, hold every acknowledged step bit-identical and the step in
/// flight wholly or not at all. Recovery itself is then killed at every one of its operations.
/// </summary>
public sealed class KillPointTests(ITestOutputHelper output) : IDisposable
{
    private const int Dim = 1024;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void A_kill_before_inside_or_after_any_file_operation_keeps_every_acknowledged_write(Durability durability) =>
        KillAtEachOperation(durability, Workload.Scripted(Dim), minimumPoints: 300, stride: durability == Durability.Full ? 1 : 3);

    [Fact]
    public void A_kill_keeps_every_acknowledged_put_that_deferred_its_sync() =>
        KillAtEachOperation(Durability.Full, Workload.Unsynced(Dim), minimumPoints: 150, stride: 2, checkpointBytes: 1 << 20);

    private void KillAtEachOperation(Durability durability, IReadOnlyList<WorkOp> ops, int minimumPoints, int stride, long checkpointBytes = CrashRun.SmallLogBytes)
    {
        var (trace, expensive) = DryRun(durability, ops, checkpointBytes);
        var all = KillPoint.Along(trace).ToList();
        Assert.True(all.Count > minimumPoints, $"only {all.Count} kill points: the workload no longer reaches the write paths");

        // Past the growing put every run writes 17 MB: the normal run takes every point before it and one in `stride` after.
        var points = Soak.Sample(all, p => p.EventIndex < expensive, stride).ToList();

        foreach (var point in points)
        {
            var directory = _dir.Next("k");
            var fs = new FaultFileSystem { KillAt = point, Mode = CrashMode.Kill };
            var result = CrashRun.Execute(directory, Dim, durability, ops, fs, checkpointBytes: checkpointBytes);
            Assert.True(fs.CrashedAt is not null, $"{point}: never reached; the workload is not deterministic");
            var left = DirectoryCopy.LinkAsAfterKill(directory, _dir.Next("after-k"));
            _ = result.Verify(left, result.History.AcknowledgedMark, $"{durability}, killed {point} ({fs.CrashedAt})");
            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(left);
        }

        output.WriteLine($"{durability}: killed at {points.Count} of {all.Count} kill points ({trace.Count} file operations)");
    }

    /// <summary>Runs the workload without a crash and checks it all; returns its file operations and where the growing put starts.</summary>
    private (List<IoEvent> Trace, int GrowingPut) DryRun(Durability durability, IReadOnlyList<WorkOp> ops, long checkpointBytes)
    {
        var directory = _dir.Next("dry");
        var (run, trace, growing) = CrashRun.DryRun(directory, Dim, durability, ops, trackDisk: false, checkpointBytes);
        _ = run.Verify(directory, ops.Count, "no crash");
        return (trace, growing);
    }
}
