using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.FailedIo;

/// <summary>
/// Failing I/O, in this process: the scripted workload runs once per file operation with that
/// operation failing (a sync with EIO, which also loses the file's unsynced pages as Linux does;
/// a write after half its bytes, as ENOSPC; an allocation, truncation, rename, directory sync,
/// create or delete). The workload goes on after the failure. The step that hit the failure
/// must report it and is not acknowledged; a store whose log or data sync failed refuses later
/// writes; and a power cut at the end keeps every step that was acknowledged, before or after
/// the failure, and the live directory reopens with all of them.
/// </summary>
public sealed class FailedIoTests(ITestOutputHelper output) : IDisposable
{
    private const int Dim = 1024;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void A_failed_file_operation_is_reported_not_acknowledged_and_nothing_acknowledged_is_lost(Durability durability)
    {
        var ops = Workload.Scripted(Dim);
        var (trace, growing) = DryRun(durability, ops);
        var events = Soak.Sample(trace, e => e.Index < growing || e.Operation is "Allocate" or "Replace" or "SyncDirectory", stride: 3).ToList();
        var violations = new List<string>();
        foreach (var e in events)
        {
            try
            {
                FailAt(e, durability, ops);
            }
            catch (Exception x) when (x is FaultCheckException or Xunit.Sdk.XunitException)
            {
                // Go on: one broken path must not hide the others.
                violations.Add(x.Message);
            }
        }

        output.WriteLine($"{durability}: {events.Count} of {trace.Count} file operations failed, one per run; {violations.Count} broke the promise");
        Assert.True(violations.Count == 0, $"{violations.Count} failed file operations broke the promise:\n{string.Join("\n", violations)}");
    }

    private void FailAt(IoEvent e, Durability durability, IReadOnlyList<WorkOp> ops)
    {
        {
            var directory = _dir.Next("f");
            var fs = new FaultFileSystem { TrackDisk = true, FailWhen = x => x.Index == e.Index };
            var context = $"{durability}, {e} failed";

            // A kill right after the failed step, before anything else can tidy up, must recover too.
            var killedAfterFailure = _dir.Next("killed");
            var killedMustHave = 0;
            var result = CrashRun.Execute(directory, Dim, durability, ops, fs, afterFailure: (run, step) =>
            {
                _ = DirectoryCopy.CopyAsAfterKill(directory, killedAfterFailure);
                killedMustHave = run.History.AcknowledgedMark;
            });
            if (Directory.Exists(killedAfterFailure))
            {
                _ = result.Verify(killedAfterFailure, killedMustHave, context + ", then killed");
                TempStoreDirectory.Remove(killedAfterFailure);
            }

            Assert.True(fs.Failed.Count == 1, $"{context}: never reached; the workload is not deterministic");
            AssertReported(result, e, context);

            var image = _dir.Next("image");
            fs.WriteDiskImage(directory, image);
            var mustHave = durability == Durability.Full ? result.History.AcknowledgedMark : result.History.DurableMark;
            _ = result.Verify(image, mustHave, context + ", then a power cut");
            _ = result.Verify(directory, result.History.AcknowledgedMark, context + ", then reopened");
            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(image);
        }
    }

    [Fact]
    public void A_compaction_whose_directory_sync_fails_after_the_switch_leaves_a_store_that_opens_with_every_vector()
    {
        var directory = _dir.Next("compaction");
        var fs = new FaultFileSystem();
        var store = MmapVectorStore.Create(directory, 8, new VectorStoreOptions { FileSystem = fs });
        var ids = Enumerable.Range(1, 20).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Payload.Batch(ids, 1, 8));
        _ = store.DeleteBatch([1, 2, 3]);

        // The new index is renamed into place, then fsync of the directory fails (EIO).
        fs.FailWhen = e => e.Operation == "SyncDirectory" && fs.Trace.Any(t => t.Operation == "Create" && t.File == "vectors.000002.dat");
        _ = Assert.Throws<IOException>(() => store.Compact());

        // Killed before anything else happens: what is on disk must open and hold all 17 vectors.
        var left = DirectoryCopy.CopyAsAfterKill(directory, _dir.Next("killed"));
        store.Dispose();
        using var reopened = MmapVectorStore.Open(left);
        Assert.Equal(17, reopened.Count);
        Assert.Equal(17, reopened.Verify());
    }

    /// <summary>The failure reached the caller of the step it happened in, unless it was a clean-up the engine may skip.</summary>
    private static void AssertReported(CrashRun result, IoEvent e, string context)
    {
        var harmless = e.Operation == "Delete" || (e.Operation == "SetLength" && e.File.EndsWith(".dat", StringComparison.Ordinal));
        var step = result.StepStarts.FindLastIndex(start => start <= e.Index);
        var inOpen = result.StepStarts.Count == 0 || e.Index < result.StepStarts[0];
        if (inOpen)
        {
            Assert.True(harmless || result.OpenError is not null, $"{context}: Create succeeded although its {e.Operation} failed");
            return;
        }

        var inClose = step == result.StepStarts.Count - 1 && result.History.Outcome(step) == OpOutcome.Acknowledged && result.CloseError is not null;
        if (inClose || harmless)
        {
            return;
        }

        var outcome = result.History.Outcome(step);
        Assert.True(outcome == OpOutcome.Failed || result.CloseError is not null, $"{context}: the step it happened in was {outcome}: a failed {e.Operation} was swallowed");

        // After a failed sync of the log, or of the data a write put there, the disk may have dropped
        // pages: nothing may be acknowledged until reopened. (A compaction whose new file fails to
        // sync just drops that file; the store goes on with the old one.)
        var kind = result.History.Op(step).Kind;
        var mustRefuse = outcome == OpOutcome.Failed && e.Operation == "Sync"
            && (e.File == StorePaths.WalFileName || (e.File.EndsWith(".dat", StringComparison.Ordinal) && kind is WorkKind.Put or WorkKind.Delete or WorkKind.Flush));
        if (mustRefuse)
        {
            for (var later = step + 1; later < result.History.Count; later++)
            {
                Assert.True(result.History.Outcome(later) == OpOutcome.Refused, $"{context}: step {later} was {result.History.Outcome(later)} after a failed sync; the store must refuse writes until reopened");
            }
        }
    }

    private (List<IoEvent> Trace, int GrowingPut) DryRun(Durability durability, IReadOnlyList<WorkOp> ops)
    {
        var directory = _dir.Next("dry");
        var fs = new FaultFileSystem { TrackDisk = true };
        var result = CrashRun.Execute(directory, Dim, durability, ops, fs);
        Assert.True(result.Closed);
        var growing = ops.ToList().FindIndex(op => op.Ids.Length >= Workload.GrowBatchSize(Dim));
        return (fs.Trace, result.StepStarts[growing]);
    }
}
