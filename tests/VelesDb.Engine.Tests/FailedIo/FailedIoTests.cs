using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.FailedIo;

/// <summary>
/// Failing I/O, in this process: nothing acknowledged is lost, nothing failed is acknowledged.
/// One named operation failing before it runs: a full disk during growth, a log write or sync,
/// each step of a checkpoint. And the scripted workload once per file operation with that
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
    private readonly FaultFileSystem _faults = new() { RealSync = true };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_full_disk_during_growth_fails_the_write_and_changes_nothing()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults });
        store.Store(1, Vectors.For(1, Dim));
        _faults.FailOn = (op, name) => op == "Allocate";

        var ids = Enumerable.Range(100, 5000).Select(i => (ulong)i).ToArray();
        Assert.Throws<IOException>(() => store.StoreBatch(ids, new float[ids.Length * Dim]));
        Assert.Equal(1, store.Count);
        Assert.Equal(0.0, store.FragmentationRatio);

        _faults.FailOn = (_, _) => false;
        store.StoreBatch(ids, new float[ids.Length * Dim]);
        Assert.Equal(5001, store.Count);
        Assert.Equal(0.0, store.FragmentationRatio);
    }

    [Theory]
    [InlineData("Sync", StorePaths.WalFileName)]
    [InlineData("Sync", "vectors.000001.dat")]
    [InlineData("Write", StorePaths.WalFileName)]
    public void A_failed_log_write_or_sync_is_reported_and_the_store_refuses_writes_until_reopened(string operation, string file)
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults }))
        {
            store.Store(1, Vectors.For(1, Dim));
            _faults.FailOn = (op, name) => op == operation && name == file;

            ulong[] large = [.. Enumerable.Range(2, 20).Select(i => (ulong)i)];
            Assert.Throws<IOException>(() => store.StoreBatch(large, Vectors.Batch(large, Dim)));
            _faults.FailOn = (_, _) => false;
            Assert.Throws<StoreFailedException>(() => store.Store(99, Vectors.For(99, Dim)));
            Assert.Throws<StoreFailedException>(() => store.Delete(1));
            Assert.Equal(Vectors.For(1, Dim), store.Retrieve(1));
        }

        // The failed batch was never acknowledged: it may be there or not, but never in part.
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Vectors.For(1, Dim), reopened.Retrieve(1));
        Assert.Contains(reopened.Count, new long[] { 1, 21 });
        Assert.Null(reopened.Retrieve(99));
        reopened.Store(99, Vectors.For(99, Dim));
        Assert.Equal(Vectors.For(99, Dim), reopened.Retrieve(99));
    }

    [Theory]
    [InlineData("Write", "vectors.idx.tmp")]
    [InlineData("Sync", "vectors.idx.tmp")]
    [InlineData("Replace", StorePaths.IndexFileName)]
    public void A_checkpoint_that_fails_part_way_leaves_the_previous_index_whole(string operation, string file)
    {
        var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { FileSystem = _faults });
        store.StoreBatch([1, 2], Vectors.Batch([1, 2], Dim));
        var indexBefore = File.ReadAllBytes(_dir.File(StorePaths.IndexFileName));
        _faults.FailOn = (op, name) => op == operation && name == file;

        Assert.Throws<StoreCloseFailedException>(store.Dispose);

        Assert.Equal(indexBefore, File.ReadAllBytes(_dir.File(StorePaths.IndexFileName)));
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(Vectors.For(1, Dim), reopened.Retrieve(1));
        Assert.Equal(Vectors.For(2, Dim), reopened.Retrieve(2));
    }

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void A_failed_file_operation_is_reported_not_acknowledged_and_nothing_acknowledged_is_lost(Durability durability)
    {
        var ops = Workload.Scripted(Dim);
        var (_, trace, growing) = CrashRun.DryRun(_dir.Next("dry"), Dim, durability, ops, trackDisk: true);
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
}
