using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Crashes;

/// <summary>
/// Lost page cache: the scripted workload runs on a file layer that keeps each file as of its
/// last successful sync and each directory as of its last directory sync, and the power is cut
/// before every one of its file operations. The directory is rebuilt as the disk would hold it
/// (strictly: nothing unsynced survives; torn: an in-order prefix of the unsynced changes and
/// random sectors of later writes survive too) and opened. Full durability must keep every
/// acknowledged step; Process durability everything up to the last acknowledged Flush; nothing
/// may be torn, and the store must open without repair.
/// </summary>
public sealed class PowerCutTests(ITestOutputHelper output) : IDisposable
{
    private const int Dim = 1024;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Durability.Full, false)]
    [InlineData(Durability.Full, true)]
    [InlineData(Durability.Process, false)]
    [InlineData(Durability.Process, true)]
    public void A_power_cut_before_any_file_operation_keeps_what_the_durability_promises(Durability durability, bool torn)
    {
        var lostUnflushed = CutPowerBeforeEachOperation(
            durability, Workload.Scripted(Dim), torn, history => durability == Durability.Full ? history.AcknowledgedMark : history.DurableMark);

        // The disk model is not vacuous: in Process durability an unflushed write does get lost.
        Assert.True(durability == Durability.Full ? lostUnflushed == 0 : lostUnflushed > 0, $"{lostUnflushed} cuts lost acknowledged but unflushed steps");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Puts_that_deferred_their_sync_survive_a_power_cut_once_a_flush_or_a_full_write_follows(bool torn)
    {
        // A log large enough that no checkpoint syncs the deferred puts before the step that should.
        var lostUnsynced = CutPowerBeforeEachOperation(Durability.Full, Workload.Unsynced(Dim), torn, history => history.SyncedMark, checkpointBytes: 1 << 20);
        Assert.True(lostUnsynced > 0, "no power cut lost a put that was still unsynced: the workload does not test what it says");
    }

    /// <summary>Cuts the power before sampled file operations of the workload; returns how many cuts lost an acknowledged step.</summary>
    private int CutPowerBeforeEachOperation(Durability durability, IReadOnlyList<WorkOp> ops, bool torn, Func<History, int> mustSurvive, long checkpointBytes = CrashRun.SmallLogBytes)
    {
        var (_, trace, growing) = CrashRun.DryRun(_dir.Next("dry"), Dim, durability, ops, trackDisk: true, checkpointBytes);
        var events = Soak.Sample(trace, e => e.Index < growing, stride: torn ? 6 : 3).ToList();
        var lostAcknowledged = 0;
        foreach (var e in events)
        {
            var directory = _dir.Next("p");
            var image = _dir.Next("image");
            var fs = new FaultFileSystem
            {
                TrackDisk = true,
                KillAt = KillPoint.At(e, FaultPosition.Before),
                Mode = CrashMode.PowerCut,
                PowerCutDirectory = image,
                TornRandom = torn ? new Random(e.Index) : null,
            };
            var result = CrashRun.Execute(directory, Dim, durability, ops, fs, checkpointBytes: checkpointBytes);
            Assert.True(fs.CrashedAt is not null, $"{e}: never reached; the workload is not deterministic");
            var recovered = result.Verify(image, mustSurvive(result.History), $"{durability}, {(torn ? "torn" : "strict")} power cut before {e}");
            if (result.History.Match(recovered, result.History.AcknowledgedMark) is null)
            {
                lostAcknowledged++;
            }

            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(image);
        }

        output.WriteLine($"{durability}, {(torn ? "torn" : "strict")}: {events.Count} power cuts of {trace.Count} possible; {lostAcknowledged} lost acknowledged steps not yet synced");
        return lostAcknowledged;
    }

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void A_power_cut_after_a_clean_close_keeps_everything(Durability durability)
    {
        var ops = Workload.Scripted(Dim);
        var directory = _dir.Next("p");
        var fs = new FaultFileSystem { TrackDisk = true };
        var result = CrashRun.Execute(directory, Dim, durability, ops, fs);
        Assert.True(result.Closed);
        var image = _dir.Next("image");
        fs.WriteDiskImage(directory, image);
        _ = result.Verify(image, ops.Count, $"{durability}, power cut after close");
    }
}
