using System.Buffers.Binary;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// Stores written before records (format version 1, kept as fixtures) open with today's engine,
/// hold exactly what they held, and are upgraded in place by the checkpoint of their first open,
/// crash-safely: a kill at any file operation of that open leaves a store that opens again with
/// everything in it.
/// </summary>
public sealed class Format1UpgradeTests : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Fixtures => ["closed", "open-log"];

    private static float[] V(ulong id) => [id, id * 0.5f, -(float)id, 1f / ((id % 1000) + 1)];

    /// <summary>What each fixture holds: id → the id whose vector it holds.</summary>
    private static Dictionary<ulong, ulong> Expected(string fixture)
    {
        var expected = new Dictionary<ulong, ulong>();
        for (ulong id = 1; id <= 40; id++)
        {
            expected[id] = id;
        }

        foreach (var gone in new ulong[] { 3, 5, 7, 20 })
        {
            _ = expected.Remove(gone);
        }

        expected[10] = 1000;
        foreach (var id in new ulong[] { 100, 101, 102, ulong.MaxValue })
        {
            expected[id] = id;
        }

        if (fixture == "open-log")
        {
            expected[200] = 200;
            expected[11] = 1100;
            _ = expected.Remove(12);
        }

        return expected;
    }

    private string CopyOf(string fixture)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Format1", fixture);
        var target = _dir.Next(fixture + "-");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }

    private static int VersionOf(string file)
    {
        Span<byte> head = stackalloc byte[12];
        using var stream = File.OpenRead(file);
        stream.ReadExactly(head);
        return BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
    }

    private static void AssertHolds(MmapVectorStore store, Dictionary<ulong, ulong> expected, string context)
    {
        Assert.True(expected.Count == store.Count, $"{context}: {store.Count} vectors instead of {expected.Count}");
        foreach (var (id, source) in expected)
        {
            Assert.True(store.Retrieve(id) is { } vector && vector.AsSpan().SequenceEqual(V(source)), $"{context}: vector {id} is missing or changed");
        }

        Assert.Equal(expected.Count, store.Verify());
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_format_1_store_opens_with_everything_and_is_upgraded_in_place(string fixture)
    {
        var path = CopyOf(fixture);
        Assert.Equal(1, VersionOf(Path.Combine(path, "vectors.idx")));
        using (var store = MmapVectorStore.Open(path))
        {
            AssertHolds(store, Expected(fixture), "first open");
            Assert.Equal(2, VersionOf(Path.Combine(path, "vectors.idx")));
            Assert.Equal(2, VersionOf(Path.Combine(path, "vectors.wal")));

            using var scope = ((IVectorStore)store).BeginWrite();
            scope.Add(RecordKey.FromText("new/record"), V(7), RecordAttributes.FromJson("""{"added":"after the upgrade"}"""));
            Assert.True(scope.SetAttributes(1, RecordAttributes.FromJson("""{"old":true}""")));
        }

        using var reopened = MmapVectorStore.Open(path);
        var records = ((IVectorStore)reopened).Read([RecordKey.FromText("new/record"), 1]);
        Assert.Equal("""{"added":"after the upgrade"}""", records[0]!.Attributes!.Json);
        Assert.Equal(V(7), records[0]!.Vector);
        Assert.Equal("""{"old":true}""", records[1]!.Attributes!.Json);
        Assert.Equal(V(1), records[1]!.Vector);
        Assert.Equal(Expected(fixture).Count + 1, reopened.Count);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void A_kill_at_any_file_operation_of_the_upgrade_leaves_a_store_that_opens_with_everything(string fixture)
    {
        var dry = CopyOf(fixture);
        var traced = new FaultFileSystem();
        MmapVectorStore.Open(dry, new VectorStoreOptions { FileSystem = traced }).Dispose();
        Assert.Contains(traced.Trace, e => e.Operation == "Replace" && e.File == "vectors.idx");

        var expected = Expected(fixture);
        foreach (var point in KillPoint.Along(traced.Trace))
        {
            var path = CopyOf(fixture);
            var fs = new FaultFileSystem { KillAt = point, Mode = CrashMode.Kill };
            try
            {
                MmapVectorStore.Open(path, new VectorStoreOptions { FileSystem = fs }).Dispose();
            }
            catch (SimulatedCrashException)
            {
            }

            Assert.True(fs.CrashedAt is not null, $"{point}: never reached");

            // The killed handle still holds the lock in this process: open the files as it left them, elsewhere.
            var left = DirectoryCopy.LinkAsAfterKill(path, _dir.Next("after-"));
            using (var store = MmapVectorStore.Open(left))
            {
                AssertHolds(store, expected, $"{fixture}, killed {point} ({fs.CrashedAt})");
            }

            Assert.Equal(2, VersionOf(Path.Combine(left, "vectors.idx")));
            TempStoreDirectory.Remove(path);
            TempStoreDirectory.Remove(left);
        }
    }
}
