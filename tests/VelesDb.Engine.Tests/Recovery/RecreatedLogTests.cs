using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Recovery;

/// <summary>
/// A store whose log has gone missing (moved away by hand, as the damaged-log advice says):
/// recovery creates a new one, and what it creates must be as durable as the log Create makes.
/// The new name must reach the disk before a write into it is acknowledged, and a kill at any
/// point of making it, even between creating the file and writing its header, must leave a
/// store that opens.
/// </summary>
public sealed class RecreatedLogTests : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Full_durability_writes_into_a_recreated_log_survive_a_power_cut(bool torn)
    {
        var directory = StoreWithoutLog(3);
        var fs = new FaultFileSystem { TrackDisk = true };
        using var store = MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = fs, CheckpointThresholdBytes = 1 << 20 });
        for (ulong id = 100; id < 110; id++)
        {
            store.Store(id, Payload.For(id, 1, Dim));
        }

        var image = _dir.Next("image");
        fs.WriteDiskImage(directory, image, torn ? new Random(7) : null);
        using var recovered = MmapVectorStore.Open(image);
        var lost = Enumerable.Range(100, 10).Count(id => recovered.Retrieve((ulong)id) is null);
        Assert.True(lost == 0, $"a power cut lost {lost} of 10 acknowledged writes made into the recreated log");
        Assert.Equal(13, recovered.Count);
    }

    [Fact]
    public void A_kill_at_any_point_of_recreating_the_log_leaves_a_store_that_opens_with_every_vector()
    {
        var source = StoreWithoutLog(3);
        var dry = DirectoryCopy.CopyAsAfterKill(source, _dir.Next("dry"));
        var recorder = new FaultFileSystem();
        MmapVectorStore.Open(dry, new VectorStoreOptions { FileSystem = recorder }).Dispose();
        Assert.Contains(recorder.Trace, e => e.Operation == "Create" && e.File == StorePaths.WalFileName);

        foreach (var point in KillPoint.Along(recorder.Trace))
        {
            var directory = DirectoryCopy.CopyAsAfterKill(source, _dir.Next("k"));
            var fs = new FaultFileSystem { KillAt = point, Mode = CrashMode.Kill };
            try
            {
                MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = fs }).Dispose();
            }
            catch (SimulatedCrashException)
            {
            }

            Assert.True(fs.CrashedAt is not null, $"{point}: never reached");
            var left = DirectoryCopy.CopyAsAfterKill(directory, _dir.Next("after-k"));
            MmapVectorStore reopened;
            try
            {
                reopened = MmapVectorStore.Open(left);
            }
            catch (VelesDbException e)
            {
                throw new FaultCheckException($"killed {point} ({fs.CrashedAt}): the store does not open: {e.Message}");
            }

            using (reopened)
            {
                Assert.Equal(3, reopened.Count);
                reopened.Store(200, Payload.For(200, 1, Dim));
                var again = DirectoryCopy.CopyAsAfterKill(left, _dir.Next("again"));
                using var next = MmapVectorStore.Open(again);
                Assert.NotNull(next.Retrieve(200));
            }
        }
    }

    /// <summary>A closed store of <paramref name="count"/> vectors whose log has been moved away.</summary>
    private string StoreWithoutLog(int count)
    {
        var directory = _dir.Next("s");
        using (var store = MmapVectorStore.Create(directory, Dim))
        {
            for (ulong id = 1; id <= (ulong)count; id++)
            {
                store.Store(id, Payload.For(id, 1, Dim));
            }
        }

        File.Move(Path.Combine(directory, StorePaths.WalFileName), Path.Combine(_dir.Root, Path.GetFileName(directory) + ".wal"));
        return directory;
    }
}
