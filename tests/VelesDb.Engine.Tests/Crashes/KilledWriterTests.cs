using System.Globalization;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Crashes;

/// <summary>
/// Real processes, really killed. A child writer (VelesDb.CrashWriter) reports each step it
/// starts and each it completes. In mode "write" it writes forever and is killed with SIGKILL at
/// random moments, during compaction and during growth (VELESDB_KILLS sets the rounds). In mode
/// "faults" it is killed either by itself, at a code point named in VELESDB_KILL_AT (before or
/// after a sync of the log, inside a torn slot write, inside growth, at each step of compaction
/// and of the checkpoint...), or from outside at a random moment. After every kill the store must open, hold every acknowledged step
/// bit-identical, and the step in flight wholly or not at all. VELESDB_SOAK=1 runs every code
/// point of the scripted workload in a real process and random kills up to 2,000 or more
/// (VELESDB_SOAK_KILLS); the normal run takes one point per kind of operation and file.
/// </summary>
public sealed class KilledWriterTests(ITestOutputHelper output) : IDisposable
{
    private const int Dim = 1024;
    private const int RandomDim = 64;
    private const int WriteDim = 256;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_writer_killed_at_a_named_code_point_keeps_every_acknowledged_write()
    {
        var ops = Workload.Scripted(Dim);
        var kills = 0;
        foreach (var (durability, point) in Points(ops))
        {
            var directory = _dir.Next("named");
            using var child = CrashWriterProcess.StartFaultWriter(point, directory, Dim, durability, "scripted");
            var exit = child.WaitForExit(Patience);
            Assert.True(exit == 137, $"{point}: the writer was not killed there (exit {exit}). {child.StandardError}");
            Assert.DoesNotContain("closed", child.Lines);
            var history = child.HistoryOf(ops, new StoreModel());
            _ = CrashRun.Of(history, child.Opened).Verify(directory, history.AcknowledgedMark, $"{durability}, killed {point}");
            TempStoreDirectory.Remove(directory);
            kills++;
        }

        output.WriteLine($"{kills} writers killed at named code points");
        Assert.True(kills >= 12, $"only {kills} named kill points");
    }

    [Fact]
    public void A_writer_killed_at_random_moments_again_and_again_keeps_every_acknowledged_write()
    {
        var rounds = Soak.Count("VELESDB_SOAK_KILLS", 12, 2000);
        var random = new Random(20261125);
        var directory = _dir.Next("loop");
        var model = new StoreModel();
        var inFlightApplied = 0;
        for (var round = 0; round < rounds; round++)
        {
            var durability = round % 2 == 0 ? Durability.Full : Durability.Process;
            var seed = random.Next();
            var ops = Workload.Random(seed, 300, RandomDim, versionBase: (round + 1) * 1000);
            var selfKill = round % 2 == 0;

            // Half the rounds die by their own hand at a random file operation; half are shot from outside mid-step.
            var point = selfKill ? new KillPoint(FaultPosition.After, random.Next(5, 400), null, null, 0) : null;
            using var child = CrashWriterProcess.StartFaultWriter(point, directory, RandomDim, durability, "random", seed, ops.Count, (round + 1) * 1000);
            if (selfKill)
            {
                _ = child.WaitForExit(Patience);
            }
            else
            {
                child.WaitForLines("B ", random.Next(1, 120), Patience);
                Thread.SpinWait(random.Next(1, 200_000));
                child.Kill();
            }

            var history = child.HistoryOf(ops, model);
            var context = $"round {round} ({durability}, {(selfKill ? $"killed itself {point}" : "shot from outside")})";
            Assert.True(child.Opened || !Directory.Exists(directory) || round > 0, $"{context}: {child.StandardError}");
            model = CrashRun.Of(history, child.Opened || round > 0).Verify(directory, history.AcknowledgedMark, context);
            if (history.Count > history.AcknowledgedMark && model.SameAs(history.StateAt(history.Count)) && !model.SameAs(history.StateAt(history.AcknowledgedMark)))
            {
                inFlightApplied++;
            }
        }

        output.WriteLine($"{rounds} writers killed at random moments; the step in flight was applied after {inFlightApplied} of them");
        // Kills land both where the step in flight had reached the disk and where it had not.
        Assert.True(rounds < 50 || (inFlightApplied > 0 && inFlightApplied < rounds), $"the step in flight was applied after {inFlightApplied} of {rounds} kills: the kills do not land at varied moments");
    }

    /// <summary>
    /// The code points to kill at, from each durability's own run of the workload (Process syncs
    /// less, so its operations differ): when soaking all of them; otherwise one per kind of
    /// operation and file, taken alternately from the two.
    /// </summary>
    private IEnumerable<(Durability, KillPoint)> Points(IReadOnlyList<WorkOp> ops)
    {
        foreach (var durability in new[] { Durability.Full, Durability.Process })
        {
            var fs = new FaultFileSystem();
            var result = CrashRun.Execute(_dir.Next("dry"), Dim, durability, ops, fs);
            Assert.True(result.Closed);
            var trace = fs.Trace;
            var points = Soak.Enabled
                ? KillPoint.Along(trace).Select(p => Named(trace[p.EventIndex!.Value], p.Position))
                : OnePerKind(trace).Where((_, i) => i % 2 == (int)durability);
            foreach (var point in points)
            {
                yield return (durability, point);
            }
        }
    }

    private static KillPoint Named(IoEvent e, FaultPosition position) => KillPoint.Named(position, e.Operation, e.File, e.Occurrence);

    /// <summary>For each kind of operation on each file: after its first occurrence, before it for syncs and renames, inside it for the first write that can tear.</summary>
    private static IEnumerable<KillPoint> OnePerKind(List<IoEvent> trace)
    {
        foreach (var group in trace.GroupBy(e => (e.Operation, e.File)))
        {
            var first = group.First();
            yield return Named(first, FaultPosition.After);
            if (first.Operation is "Sync" or "Replace")
            {
                yield return Named(first, FaultPosition.Before);
            }

            if (group.FirstOrDefault(e => e.CanTear) is { Index: > 0 } torn)
            {
                yield return Named(torn, FaultPosition.Inside);
            }
        }
    }

    [Fact]
    public void Reopen_after_kill_keeps_every_acknowledged_write_and_no_partial_batch()
    {
        var kills = int.TryParse(Environment.GetEnvironmentVariable("VELESDB_KILLS"), CultureInfo.InvariantCulture, out var n) ? n : 50;
        var model = new Dictionary<ulong, int>();
        var random = new Random(20261125);
        var inFlightApplied = 0;
        for (var round = 0; round < kills; round++)
        {
            var durability = round % 2 == 0 ? "Full" : "Process";
            using var child = CrashWriterProcess.Start("write", _dir.StorePath, WriteDim.ToString(CultureInfo.InvariantCulture), durability, random.Next().ToString(CultureInfo.InvariantCulture));
            Func<string, bool> killPoint = (round % 3) switch
            {
                0 => line => line.StartsWith("B ", StringComparison.Ordinal) && line.Contains(" compact ", StringComparison.Ordinal),
                1 => line => line.StartsWith("B ", StringComparison.Ordinal) && line.Contains(" grow ", StringComparison.Ordinal),
                _ => AfterAcks(random.Next(1, 150)),
            };
            var reached = child.WaitForLine(killPoint, TimeSpan.FromSeconds(60));
            Assert.True(reached, $"round {round}: the writer stopped early.\n{child.StandardError}");
            var lines = child.KillAndCollect();

            var (acked, inFlight) = Parse(lines);
            foreach (var op in acked)
            {
                Apply(model, op);
            }

            using var store = MmapVectorStore.Open(_dir.StorePath);
            if (inFlight is not null && MatchesAfter(store, model, inFlight))
            {
                Apply(model, inFlight);
                inFlightApplied++;
            }

            AssertStoreEquals(store, model, round);
            Assert.Equal(store.Count, store.Verify());
        }

        Assert.True(kills < 10 || inFlightApplied < kills, "every in-flight batch was applied: the kills are not landing mid-write");
    }

    private static Func<string, bool> AfterAcks(int count)
    {
        var seen = 0;
        return line => line.StartsWith("A ", StringComparison.Ordinal) && ++seen >= count;
    }

    private sealed record Op(string Kind, int Version, ulong[] Ids);

    private static (List<Op> Acked, Op? InFlight) Parse(IReadOnlyList<string> lines)
    {
        var acked = new List<Op>();
        Op? pending = null;
        foreach (var line in lines)
        {
            var parts = line.Split(' ');
            if (parts[0] == "B")
            {
                Assert.Null(pending);
                var ids = parts.Length > 4 && parts[4].Length > 0 ? parts[4].Split(',').Select(s => ulong.Parse(s, CultureInfo.InvariantCulture)).ToArray() : [];
                pending = new Op(parts[2], int.Parse(parts[3], CultureInfo.InvariantCulture), ids);
            }
            else if (parts[0] == "A")
            {
                acked.Add(pending!);
                pending = null;
            }
        }

        return (acked, pending);
    }

    private static void Apply(Dictionary<ulong, int> model, Op op)
    {
        foreach (var id in op.Ids)
        {
            if (op.Kind is "put" or "grow")
            {
                model[id] = op.Version;
            }
            else if (op.Kind == "delete")
            {
                _ = model.Remove(id);
            }
        }
    }

    /// <summary>
    /// True when the store shows the in-flight operation applied. Asserts it is either wholly
    /// applied or wholly absent: any id showing the new state while another shows the old is a torn batch.
    /// </summary>
    private static bool MatchesAfter(MmapVectorStore store, Dictionary<ulong, int> model, Op op)
    {
        var after = new Dictionary<ulong, int>(model);
        Apply(after, op);
        var showsNew = 0;
        var showsOld = 0;
        foreach (var id in op.Ids.Distinct())
        {
            var before = model.TryGetValue(id, out var b) ? b : (int?)null;
            var now = after.TryGetValue(id, out var a) ? a : (int?)null;
            if (before == now)
            {
                continue;
            }

            var actual = store.Retrieve(id);
            if (Holds(id, actual, now))
            {
                showsNew++;
            }
            else if (Holds(id, actual, before))
            {
                showsOld++;
            }
            else
            {
                Assert.Fail($"vector {id} is neither its acknowledged value nor the in-flight one");
            }
        }

        Assert.False(showsNew > 0 && showsOld > 0, $"the in-flight {op.Kind} is half applied ({showsNew} new, {showsOld} old)");
        return showsNew > 0;

        static bool Holds(ulong id, float[]? actual, int? version) =>
            version is null ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(Vectors.For(id, WriteDim, version.Value));
    }

    private static void AssertStoreEquals(MmapVectorStore store, Dictionary<ulong, int> model, int round)
    {
        var ids = store.Ids().ToHashSet();
        var lost = model.Keys.Where(id => !ids.Contains(id)).Order().ToList();
        var extra = ids.Where(id => !model.ContainsKey(id)).Order().ToList();
        Assert.True(lost.Count == 0 && extra.Count == 0 && model.Count == store.Count,
            $"round {round}: the store holds {store.Count} vectors, the acknowledged writes {model.Count}; lost {string.Join(',', lost)}; not expected {string.Join(',', extra)}");
        foreach (var (id, version) in model)
        {
            var actual = store.Retrieve(id);
            Assert.True(actual is not null && actual.AsSpan().SequenceEqual(Vectors.For(id, WriteDim, version)), $"round {round}: vector {id} lost or changed");
        }
    }
}
