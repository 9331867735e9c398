using System.Globalization;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// Real processes writing records, really killed. The child (VelesDb.CrashWriter, mode
/// "records") runs the records kill workload on the real file system against one store, round
/// after round: text and integer keys with attributes, overwrites, attribute sets, deletes by key,
/// batches too large for the log, compactions and the checkpoints a small log threshold brings.
/// Each round it is SIGKILLed at a seeded random moment: as a compaction starts, inside a large
/// batch, inside a set or delete, or after a number of acknowledged steps. The store must then
/// open and hold every acknowledged record's key, vector and attributes exactly, nothing else, and
/// the step in flight wholly or not at all. VELESDB_SOAK=1 (or VELESDB_SOAK_KILLS) runs hundreds of rounds.
/// </summary>
public sealed class RecordKillTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_records_writer_killed_at_random_moments_again_and_again_keeps_every_acknowledged_record_exactly()
    {
        var rounds = Soak.Count("VELESDB_SOAK_KILLS", 8, 500);
        var random = new Random(20261203);
        var model = new RecordKillModel();
        var inFlightApplied = 0;
        var inFlightDropped = 0;
        var acknowledged = 0;
        for (var round = 0; round < rounds; round++)
        {
            var durability = round % 2 == 0 ? Durability.Full : Durability.Process;
            var seed = random.Next();
            var versionBase = (round + 1) * 100_000;
            var (where, killAt) = KillMoment(round, random);
            var context = $"round {round} ({durability}, seed {seed}, killed {where})";
            List<string> lines;
            using (var child = CrashWriterProcess.Start("records", _dir.StorePath, durability.ToString(), Text(seed), Text(versionBase)))
            {
                Assert.True(child.WaitForLine(killAt, Patience), $"{context}: the writer stopped before the moment to kill it came. {child.StandardError}");
                Thread.SpinWait(random.Next(0, 400_000));
                lines = [.. child.KillAndCollect()];
            }

            var (acked, inFlight) = Steps(lines, seed, versionBase, context);
            foreach (var step in acked)
            {
                model.Apply(step);
            }

            acknowledged += acked.Count;
            using var store = MmapVectorStore.Open(_dir.StorePath);
            var actual = RecordKillModel.ReadAll(store);
            if (inFlight is not null)
            {
                var applied = WhollyOrNotAtAll(model, inFlight, actual, context);
                if (applied)
                {
                    model = model.After(inFlight);
                    inFlightApplied++;
                }
                else
                {
                    inFlightDropped++;
                }
            }

            var difference = model.Difference(actual);
            Assert.True(difference is null, $"{context}: {difference}");
            Assert.Equal(store.Count, store.Verify());
        }

        output.WriteLine($"{rounds} records writers killed after {acknowledged} acknowledged steps; the step in flight was applied after {inFlightApplied} kills and absent after {inFlightDropped}; {model.Count} records at the end");
        Assert.True(model.Count > 0, "the workload left no records to check");
        Assert.True(rounds < 50 || (inFlightApplied > 0 && inFlightDropped > 0), "the kills do not land both before and after the step in flight reached the files");
    }

    /// <summary>Where round <paramref name="round"/> kills: the line after which the child is shot (after a short, random spin).</summary>
    private static (string Where, Func<string, bool> KillAt) KillMoment(int round, Random random)
    {
        switch (round % 4)
        {
            case 0:
                return ("as a compaction starts", Begins(RecordKillKind.Compact));
            case 1:
                return ("inside a large batch", Begins(RecordKillKind.Bulk));
            case 2:
                return ("inside a set or a delete", line => Begins(RecordKillKind.Set)(line) || Begins(RecordKillKind.Remove)(line));
            default:
                var count = random.Next(1, 40);
                var seen = 0;
                return ($"after {count} acknowledged steps", line => line.StartsWith("A ", StringComparison.Ordinal) && ++seen >= count);
        }

        static Func<string, bool> Begins(RecordKillKind kind) =>
            line => line.StartsWith("B ", StringComparison.Ordinal) && line.EndsWith($" {kind}", StringComparison.Ordinal);
    }

    /// <summary>
    /// The steps the child's whole lines acknowledged, in order, and the one it had begun and not
    /// acknowledged (null if none), as the same seed makes them here.
    /// </summary>
    private static (List<RecordKillStep> Acked, RecordKillStep? InFlight) Steps(List<string> lines, int seed, int versionBase, string context)
    {
        Assert.True(lines.Count > 0 && lines[0] == "open", $"{context}: the writer did not open the store: [{string.Join(" | ", lines.Take(3))}]");
        using var steps = RecordKillWorkload.Steps(seed, versionBase).GetEnumerator();
        var acked = new List<RecordKillStep>();
        RecordKillStep? pending = null;
        foreach (var line in lines.Skip(1))
        {
            var parts = line.Split(' ');
            var index = int.Parse(parts[1], CultureInfo.InvariantCulture);
            if (parts[0] == "B")
            {
                Assert.True(pending is null && steps.MoveNext() && steps.Current.Index == index, $"{context}: step {index} begun out of order");
                Assert.True(parts[2] == steps.Current.Kind.ToString(), $"{context}: the writer's step {index} is a {parts[2]}, here a {steps.Current.Kind}: the workload is not the same in both processes");
                pending = steps.Current;
            }
            else
            {
                Assert.True(parts[0] == "A" && pending?.Index == index, $"{context}: '{line}' acknowledges no step in flight");
                acked.Add(pending!);
                pending = null;
            }
        }

        return (acked, pending);
    }

    /// <summary>
    /// True when the store shows the step in flight applied, false when it shows it absent; fails
    /// when some of the records it changes show the new state and others the old (a torn batch),
    /// or a record shows neither.
    /// </summary>
    private static bool WhollyOrNotAtAll(RecordKillModel before, RecordKillStep step, IReadOnlyDictionary<RecordKey, VectorRecord> actual, string context)
    {
        var after = before.After(step);
        var showsNew = 0;
        var showsOld = 0;
        foreach (var key in step.Keys)
        {
            var record = actual.GetValueOrDefault(key);
            var changes = !before.Holds(key, after.Expected(key));
            if (!changes)
            {
                continue;
            }

            if (after.Holds(key, record))
            {
                showsNew++;
            }
            else if (before.Holds(key, record))
            {
                showsOld++;
            }
            else
            {
                Assert.Fail($"{context}: record {key} is neither its acknowledged state nor the in-flight {step.Kind}'s: {(record is null ? "absent" : $"attributes {record.Attributes}")}");
            }
        }

        Assert.False(showsNew > 0 && showsOld > 0, $"{context}: the in-flight {step.Kind} is half applied ({showsNew} records new, {showsOld} old)");
        return showsNew > 0;
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
