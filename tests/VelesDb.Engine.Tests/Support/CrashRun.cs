namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// Runs a workload in this process against a store on a <see cref="FaultFileSystem"/>, recording
/// how each step ended, until the workload ends (the store is then closed) or the file system's
/// kill point stops it; then checks what a reopened store holds.
/// </summary>
internal sealed class CrashRun
{
    public const long SmallLogBytes = 400;

    private CrashRun(History history) => History = history;

    /// <summary>A run that happened elsewhere (in a child process), told by its history.</summary>
    public static CrashRun Of(History history, bool opened) => new(history) { Opened = opened };

    public History History { get; }

    /// <summary>Create (or Open) returned: the store must exist after any crash from here on.</summary>
    public bool Opened { get; private set; }

    /// <summary>The injected failure that made Create or Open throw.</summary>
    public IOException? OpenError { get; private set; }

    /// <summary>The failure that made Dispose throw.</summary>
    public StoreCloseFailedException? CloseError { get; private set; }

    /// <summary>Dispose returned.</summary>
    public bool Closed { get; private set; }

    /// <summary>For each step, how many file operations came before it.</summary>
    public List<int> StepStarts { get; } = [];

    /// <summary>Any step failed or was refused: the store did not close healthy.</summary>
    public bool SawFailure { get; private set; }

    /// <summary>
    /// Runs the workload once to its end without a crash, as a fault sweep does before it picks its
    /// points: the run, every file operation it made, and the one where the growing put starts.
    /// </summary>
    public static (CrashRun Run, List<IoEvent> Trace, int GrowingPut) DryRun(
        string directory, int dimension, Durability durability, IReadOnlyList<WorkOp> ops, bool trackDisk, long checkpointBytes = SmallLogBytes)
    {
        var fs = new FaultFileSystem { TrackDisk = trackDisk };
        var run = Execute(directory, dimension, durability, ops, fs, checkpointBytes: checkpointBytes);
        Assert.True(run.Closed);
        var growing = ops.ToList().FindIndex(op => op.Ids.Length >= Workload.GrowBatchSize(dimension));
        return (run, fs.Trace, run.StepStarts[growing]);
    }

    public static CrashRun Execute(
        string directory,
        int dimension,
        Durability durability,
        IReadOnlyList<WorkOp> ops,
        FaultFileSystem fileSystem,
        StoreModel? start = null,
        bool create = true,
        long checkpointBytes = SmallLogBytes,
        Action<CrashRun, int>? afterFailure = null)
    {
        var run = new CrashRun(new History(start ?? new StoreModel()));
        var options = new VectorStoreOptions { Durability = durability, CheckpointThresholdBytes = checkpointBytes, FileSystem = fileSystem };
        MmapVectorStore? store = null;
        try
        {
            try
            {
                store = create ? MmapVectorStore.Create(directory, dimension, options) : MmapVectorStore.Open(directory, options);
            }
            catch (IOException e) when (fileSystem.Failed.Count > 0)
            {
                run.OpenError = e;
                return run;
            }

            run.Opened = true;
            foreach (var op in ops)
            {
                run.StepStarts.Add(fileSystem.Trace.Count);
                var index = run.History.Begin(op);
                try
                {
                    Workload.Execute(store, op);
                    run.History.End(index, OpOutcome.Acknowledged);
                }
                catch (IOException)
                {
                    run.History.End(index, OpOutcome.Failed);
                    run.SawFailure = true;
                    afterFailure?.Invoke(run, index);
                }
                catch (StoreFailedException)
                {
                    run.History.End(index, OpOutcome.Refused);
                    run.SawFailure = true;
                }
            }

            try
            {
                store.Dispose();
                run.Closed = true;
                if (!run.SawFailure)
                {
                    run.History.MarkAllDurable();
                }
            }
            catch (StoreCloseFailedException e)
            {
                run.CloseError = e;
                run.SawFailure = true;
            }
        }
        catch (SimulatedCrashException)
        {
            // The "process" is gone; what it left is checked by the caller.
        }
        finally
        {
            try
            {
                store?.Dispose();
            }
            catch (SimulatedCrashException)
            {
            }
            catch (IOException) when (run.SawFailure)
            {
            }
        }

        return run;
    }

    /// <summary>
    /// Opens the store left in <paramref name="directory"/> and checks that it holds a state the
    /// history allows with every step before <paramref name="mustHave"/> present, every vector
    /// bit-identical, every slot checksum intact, and that it takes a new write.
    /// </summary>
    public StoreModel Verify(string directory, int mustHave, string context)
    {
        MmapVectorStore store;
        try
        {
            store = MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
        }
        catch (StoreNotFoundException) when (!Opened)
        {
            // Create never returned, and its index never reached the disk: there is no store, rightly.
            return History.Start;
        }
        catch (Exception e)
        {
            throw new FaultCheckException($"{context}: the store does not open after the crash: {e}");
        }

        using (store)
        {
            var actual = StoreModel.ReadFrom(store, History.Writers);
            if (store.Verify() != actual.Count)
            {
                throw new FaultCheckException($"{context}: Verify disagrees with the count");
            }

            var matched = History.AssertAllowed(actual, mustHave, context);
            var probe = ulong.MaxValue - 1;
            store.Store(probe, Payload.For(probe, 1, store.Dimension));
            AssertWriteAfterRecoverySurvivesAKill(directory, probe, context);
            _ = store.Delete(probe);
            return matched;
        }
    }

    /// <summary>
    /// The recovered store must go on logging where its checkpoint left off: a write acknowledged
    /// after recovery, followed by another kill, must be there on the next open.
    /// </summary>
    private static void AssertWriteAfterRecoverySurvivesAKill(string directory, ulong probe, string context)
    {
        var again = DirectoryCopy.CopyAsAfterKill(directory, directory + ".again");
        try
        {
            using var store = MmapVectorStore.Open(again, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
            if (store.Retrieve(probe) is not { } vector || !vector.AsSpan().SequenceEqual(Payload.For(probe, 1, store.Dimension)))
            {
                throw new FaultCheckException($"{context}: a write acknowledged after recovery is lost by the next kill");
            }
        }
        finally
        {
            TempStoreDirectory.Remove(again);
        }
    }
}
