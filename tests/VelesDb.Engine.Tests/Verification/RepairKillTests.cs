using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Verification;

/// <summary>
/// A repair killed before, inside or after any of its file operations (and those of the close
/// after it) leaves a store that opens without help, with every healthy record intact, and each
/// damaged record either still there (and still reported) or gone: never half-dropped. A repair
/// run on what the kill left then finishes the job.
/// </summary>
public sealed class RepairKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Dim = 4;
    private static readonly SlotLayout Layout = new(Dim);
    private static readonly RecordKey[] Keys = [1, 2, 3, 4, 5, 6, RecordKey.FromText("t-1"), RecordKey.FromText("t-2"), RecordKey.FromText("t-3")];
    private static readonly RecordKey[] Damaged = [3, RecordKey.FromText("t-2")];
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RecordAttributes AttributesOf(int i) => RecordAttributes.FromJson($$"""{"i":{{i}}}""");

    /// <summary>A closed store of <see cref="Keys"/> whose <see cref="Damaged"/> records have a flipped bit in their vectors.</summary>
    private static void PrepareDamagedStore(string directory)
    {
        var offsets = new List<long>();
        using (var store = MmapVectorStore.Create(directory, Dim))
        {
            using (var scope = store.BeginWrite())
            {
                for (var i = 0; i < Keys.Length; i++)
                {
                    scope.Add(Keys[i], Vectors.For((ulong)i + 1, Dim), AttributesOf(i));
                }

                scope.Commit();
            }

            var (generation, region) = store.Pin();
            try
            {
                foreach (var key in Damaged)
                {
                    Assert.True(generation.Index.TryGetSlot(key, out var slot));
                    offsets.Add(Layout.OffsetOf(slot) + SlotLayout.SlotHeaderSize);
                }
            }
            finally
            {
                region.Release();
            }
        }

        using var file = new FileStream(Path.Combine(directory, "vectors.000001.dat"), FileMode.Open, FileAccess.ReadWrite);
        foreach (var offset in offsets)
        {
            file.Position = offset;
            var value = file.ReadByte();
            file.Position = offset;
            file.WriteByte((byte)(value ^ 0x08));
        }
    }

    private static void OpenRepairClose(string directory, FaultFileSystem fileSystem)
    {
        MmapVectorStore? store = null;
        try
        {
            store = MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = fileSystem });
            _ = store.Repair();
            store.Dispose();
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
        }
    }

    [Fact]
    public void A_repair_killed_at_any_file_operation_leaves_every_healthy_record_and_each_damaged_one_whole_or_gone()
    {
        var dry = _dir.Next("dry");
        PrepareDamagedStore(dry);
        var traced = new FaultFileSystem();
        int repairStart;
        using (var store = MmapVectorStore.Open(dry, new VectorStoreOptions { FileSystem = traced }))
        {
            repairStart = traced.Trace.Count;
            Assert.Equal(Damaged.Order(), store.Repair().Repaired.Order());
        }

        var points = KillPoint.Along(traced.Trace).Where(point => point.EventIndex >= repairStart).ToList();
        Assert.True(points.Count > 10, $"only {points.Count} kill points: the repair no longer writes through the log");
        foreach (var point in points)
        {
            var directory = _dir.Next("k");
            PrepareDamagedStore(directory);
            var fileSystem = new FaultFileSystem { KillAt = point, Mode = CrashMode.Kill };
            OpenRepairClose(directory, fileSystem);
            Assert.True(fileSystem.CrashedAt is not null, $"{point}: never reached; the repair is not deterministic");

            var left = DirectoryCopy.LinkAsAfterKill(directory, _dir.Next("after-k"));
            CheckWhatIsLeft(left, $"killed {point} ({fileSystem.CrashedAt})");
            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(left);
        }

        output.WriteLine($"killed at {points.Count} points of the repair and the close after it");
    }

    private static void CheckWhatIsLeft(string directory, string context)
    {
        using var store = MmapVectorStore.Open(directory);
        IVectorStore records = store;
        var report = store.Check();
        foreach (var damage in report.Damage)
        {
            Assert.True(damage.Key is { } key && Damaged.Contains(key), $"{context}: unexpected damage: {damage.Problem}");
        }

        for (var i = 0; i < Keys.Length; i++)
        {
            if (Damaged.Contains(Keys[i]))
            {
                // Whole or gone: present only as the damaged record it was.
                Assert.True(!records.Contains(Keys[i]) || report.Damage.Any(damage => damage.Key == Keys[i]), $"{context}: {Keys[i]} is there but not reported");
                continue;
            }

            var record = records.Read([Keys[i]])[0];
            Assert.True(record is not null, $"{context}: healthy record {Keys[i]} is missing");
            Assert.Equal(Vectors.For((ulong)i + 1, Dim), record.Vector);
            Assert.Equal(AttributesOf(i).Json, record.Attributes!.Json);
        }

        Assert.True(store.Repair().Damage.All(damage => damage.Key is not null));
        Assert.True(store.Check().IsHealthy, context);
        Assert.Equal(Keys.Length - Damaged.Length, store.Count);
    }
}
