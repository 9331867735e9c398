using System.Globalization;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;
using static VelesDb.Engine.Tests.Records.RecordWorkload;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// The records workload (<see cref="RecordWorkload.Script"/>) in a real child process
/// (VelesDb.CrashWriter, mode "record-faults") that SIGKILLs itself at a code point named in
/// VELESDB_KILL_AT, chosen along the records write path from a dry run of the same script: after
/// each step's log record is written and before it is synced, inside each log record that spans
/// pages (a torn record carrying keys and attributes), inside and after the record section of
/// each checkpoint, and inside the compaction's copy and at its switch. The store must then open
/// and hold, key by key, exactly the vectors and attributes of every acknowledged step and the
/// step in flight wholly or not at all. The normal run takes every other chosen point of each
/// durability's trace; VELESDB_SOAK=1 kills before, inside and after every file operation of both.
/// </summary>
public sealed class RecordKillPointTests(ITestOutputHelper output) : IDisposable
{
    private const long CheckpointBytes = 2048;
    private const string Log = StorePaths.WalFileName;
    private const string CheckpointTemp = "vectors.idx.tmp";
    private const string FirstDataFile = "vectors.000001.dat";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_records_writer_killed_at_a_named_point_of_the_records_write_path_keeps_every_acknowledged_record_exactly()
    {
        var steps = Script();
        var states = States(steps);
        var kills = 0;
        var inFlightApplied = 0;
        foreach (var durability in new[] { Durability.Full, Durability.Process })
        {
            var (trace, starts) = DryRun(durability, steps, states);
            // Each durability's own trace (Process syncs less); the normal run takes every other chosen point from each.
            var points = Soak.Enabled
                ? KillPoint.Along(trace).Select(p => Named(trace[p.EventIndex!.Value], p.Position)).Distinct()
                : Chosen(trace, starts).Distinct().Where((_, i) => i % 2 == (int)durability);
            foreach (var point in points)
            {
                var directory = _dir.Next("named");
                using var child = CrashWriterProcess.StartWithEnvironment(
                    new Dictionary<string, string> { [KillPoint.EnvironmentVariable] = point.ToString() },
                    "record-faults", directory, durability.ToString(), CheckpointBytes.ToString(CultureInfo.InvariantCulture));
                var exit = child.WaitForExit(Patience);
                var context = $"{durability}, killed {point}";
                Assert.True(exit == 137, $"{context}: the writer was not killed there (exit {exit}). {child.StandardError}");
                Assert.DoesNotContain("closed", child.Lines);
                var acknowledged = child.Lines.Count(line => line.StartsWith("A ", StringComparison.Ordinal));
                if (Check(directory, child.Opened, acknowledged, states, context) > acknowledged)
                {
                    inFlightApplied++;
                }

                TempStoreDirectory.Remove(directory);
                kills++;
            }
        }

        output.WriteLine($"{kills} records writers killed at named points; the step in flight was applied after {inFlightApplied}");
        Assert.True(kills >= 16, $"only {kills} named kill points");
        Assert.True(inFlightApplied > 0 && inFlightApplied < kills, $"the step in flight was applied after {inFlightApplied} of {kills} kills: the points do not land both before and after it reached the log");
    }

    /// <summary>
    /// The points along the records write path, named by operation, file and occurrence so the
    /// child's own run finds them: see the class summary.
    /// </summary>
    private static IEnumerable<KillPoint> Chosen(List<IoEvent> trace, List<int> starts)
    {
        for (var step = 0; step + 1 < starts.Count; step++)
        {
            var events = trace.Skip(starts[step]).Take(starts[step + 1] - starts[step]).ToList();
            // The step's log record is its last write to the log (a compaction may write none).
            foreach (var logged in events.Where(e => e.Operation == "Write" && e.File == Log).TakeLast(1))
            {
                yield return Named(logged, FaultPosition.After);
            }
        }

        foreach (var torn in trace.Where(e => e.Operation == "Write" && e.File == Log && e.CanTear))
        {
            yield return Named(torn, FaultPosition.Inside);
        }

        // A checkpoint writes its head, its table, its records, then the records' head: the last two are the record section.
        foreach (var checkpoint in trace.Where(e => e.Operation == "Create" && e.File == CheckpointTemp).Skip(1))
        {
            var writes = trace.Skip(checkpoint.Index).TakeWhile(e => e.Operation != "Sync").Where(e => e.Operation == "Write").ToList();
            var records = writes[^2];
            yield return Named(records, records.CanTear ? FaultPosition.Inside : FaultPosition.After);
            yield return Named(writes[^1], FaultPosition.After);
        }

        // The compaction creates the second data file, copies the live records into it, then switches the index to it.
        var copy = trace.First(e => e.Operation == "Create" && e.File.EndsWith(".dat", StringComparison.Ordinal) && e.File != FirstDataFile);
        foreach (var tornCopy in trace.Skip(copy.Index).Where(e => e.File == copy.File && e.CanTear).Take(1))
        {
            yield return Named(tornCopy, FaultPosition.Inside);
        }

        var switched = trace.Skip(copy.Index).First(e => e.Operation == "Replace" && e.File == StorePaths.IndexFileName);
        yield return Named(switched, FaultPosition.After);
    }

    private static KillPoint Named(IoEvent e, FaultPosition position) => KillPoint.Named(position, e.Operation, e.File, e.Occurrence);

    /// <summary>The script run to its end in this process: its file operations, and where each step's begin.</summary>
    private (List<IoEvent> Trace, List<int> StepStarts) DryRun(Durability durability, IReadOnlyList<Step> steps, List<Dictionary<RecordKey, Content>> states)
    {
        var directory = _dir.Next("dry");
        var fs = new FaultFileSystem();
        var starts = new List<int>();
        using (var store = MmapVectorStore.Create(directory, Dim, new VectorStoreOptions { Durability = durability, CheckpointThresholdBytes = CheckpointBytes, FileSystem = fs }))
        {
            foreach (var step in steps)
            {
                starts.Add(fs.Trace.Count);
                step.Run(store);
            }

            starts.Add(fs.Trace.Count);
        }

        Assert.Equal(steps.Count, Check(directory, true, steps.Count, states, $"{durability}, no kill"));
        TempStoreDirectory.Remove(directory);
        return (fs.Trace, starts);
    }

    /// <summary>Opens what the writer left and returns the state it holds: <paramref name="acknowledged"/>, or the next one; fails on anything else.</summary>
    private static int Check(string directory, bool created, int acknowledged, List<Dictionary<RecordKey, Content>> states, string context)
    {
        MmapVectorStore store;
        try
        {
            store = MmapVectorStore.Open(directory);
        }
        catch (StoreNotFoundException) when (!created)
        {
            // Killed inside Create, before its index reached its name: there is no store, rightly.
            return 0;
        }

        using (store)
        {
            var actual = ReadBack(store, states, context);
            var state = Match(states, actual, acknowledged, acknowledged + 1);
            if (state < 0)
            {
                var expected = states[acknowledged];
                var differs = expected.Where(kv => !actual.TryGetValue(kv.Key, out var c) || c != kv.Value).Select(kv => $"{kv.Key}={kv.Value}").Take(5);
                var extra = actual.Keys.Where(key => !expected.ContainsKey(key)).Take(5);
                throw new FaultCheckException(
                    $"{context}: after {acknowledged} acknowledged steps the store holds {actual.Count} records, matching neither that state nor the next; " +
                    $"differs at [{string.Join(", ", differs)}], extra [{string.Join(", ", extra)}]");
            }

            return state;
        }
    }
}
