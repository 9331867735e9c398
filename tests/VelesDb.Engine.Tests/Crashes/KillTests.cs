using System.Globalization;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Crashes;

/// <summary>
/// A real child process writes to a store and reports each acknowledged write; the test kills
/// it with SIGKILL at random moments, during compaction and during growth, and after every kill
/// checks that the store opens with every acknowledged write bit-identical and the batch that
/// was in flight either wholly there or wholly absent. Set VELESDB_KILLS for more rounds.
/// </summary>
public sealed class KillTests : IDisposable
{
    private const int Dim = 256;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

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
            using var child = CrashWriterProcess.Start("write", _dir.StorePath, Dim.ToString(CultureInfo.InvariantCulture), durability, random.Next().ToString(CultureInfo.InvariantCulture));
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
            version is null ? actual is null : actual is not null && actual.AsSpan().SequenceEqual(Vectors.For(id, Dim, version.Value));
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
            Assert.True(actual is not null && actual.AsSpan().SequenceEqual(Vectors.For(id, Dim, version)), $"round {round}: vector {id} lost or changed");
        }
    }
}
