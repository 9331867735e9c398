using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;
using static VelesDb.Engine.Tests.Records.RecordWorkload;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// The fault campaign for records: the records workload is killed before, inside and after each
/// of its file operations, and the power is cut before each of them (strict and with torn
/// writes). Each time the store must open without repair and hold, key by key, exactly the
/// vectors and attributes of every acknowledged step, and the step in flight wholly or not at all.
/// </summary>
public sealed class RecordCrashTests(ITestOutputHelper output) : IDisposable
{
    private const long CheckpointBytes = 2048;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_kill_at_any_file_operation_keeps_every_acknowledged_record_exactly()
    {
        var steps = Script();
        var states = States(steps);
        var trace = DryRun(steps, states);
        var points = Soak.Sample(KillPoint.Along(trace), _ => false, stride: 1).ToList();
        foreach (var point in points)
        {
            var directory = _dir.Next("k");
            var fs = new FaultFileSystem { KillAt = point, Mode = CrashMode.Kill };
            var run = Execute(directory, Options(fs), steps);
            Assert.True(fs.CrashedAt is not null, $"{point}: never reached; the workload is not deterministic");
            var left = DirectoryCopy.LinkAsAfterKill(directory, _dir.Next("after-k"));
            Check(left, run, states, $"killed {point} ({fs.CrashedAt})");
            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(left);
        }

        output.WriteLine($"killed at {points.Count} of {KillPoint.Along(trace).Count()} kill points ({trace.Count} file operations)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_power_cut_at_any_file_operation_keeps_every_acknowledged_record_exactly(bool torn)
    {
        var steps = Script();
        var states = States(steps);
        var trace = DryRun(steps, states, trackDisk: true);
        var events = Soak.Sample(trace, _ => false, stride: 1).ToList();
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
            var run = Execute(directory, Options(fs), steps);
            Assert.True(fs.CrashedAt is not null, $"{e}: never reached; the workload is not deterministic");
            Check(image, run, states, $"{(torn ? "torn" : "strict")} power cut before {e}");
            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(image);
        }

        output.WriteLine($"{(torn ? "torn" : "strict")}: {events.Count} power cuts of {trace.Count} possible");
    }

    private static VectorStoreOptions Options(FaultFileSystem fs) =>
        new() { Durability = Durability.Full, CheckpointThresholdBytes = CheckpointBytes, FileSystem = fs };

    private List<IoEvent> DryRun(IReadOnlyList<Step> steps, List<Dictionary<RecordKey, Content>> states, bool trackDisk = false)
    {
        var directory = _dir.Next("dry");
        var fs = new FaultFileSystem { TrackDisk = trackDisk };
        var run = Execute(directory, Options(fs), steps);
        Assert.True(run.Closed, "the workload does not run to its end without a fault");
        Check(directory, run, states, "no crash");
        Assert.Contains(fs.Trace, e => e.Operation == "Replace" && e.File == "vectors.idx");
        return fs.Trace;
    }

    private static void Check(string directory, (bool Created, int Acknowledged, bool Closed) run, List<Dictionary<RecordKey, Content>> states, string context)
    {
        MmapVectorStore store;
        try
        {
            store = MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
        }
        catch (StoreNotFoundException) when (!run.Created)
        {
            // Create never returned and its index never reached the disk: there is no store, rightly.
            return;
        }
        catch (Exception e)
        {
            throw new FaultCheckException($"{context}: the store does not open after the crash: {e}");
        }

        using (store)
        {
            var actual = ReadBack(store, states, context);
            if (Match(states, actual, run.Acknowledged, run.Acknowledged + 1) < 0)
            {
                var expected = states[run.Acknowledged];
                var missing = expected.Where(kv => !actual.TryGetValue(kv.Key, out var c) || c != kv.Value).Select(kv => $"{kv.Key}={kv.Value}").Take(5);
                var extra = actual.Where(kv => !expected.ContainsKey(kv.Key)).Select(kv => kv.Key.ToString()).Take(5);
                throw new FaultCheckException(
                    $"{context}: after {run.Acknowledged} acknowledged steps the store holds {actual.Count} records, matching neither that state nor the next; " +
                    $"differs at [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]");
            }
        }
    }
}
