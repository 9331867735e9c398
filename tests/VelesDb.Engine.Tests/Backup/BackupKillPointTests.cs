using System.Security.Cryptography;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Backup;

/// <summary>
/// A backup is killed before, inside (writes) and after each of its file operations, the folder
/// rename included. Each time the source store must be untouched (its files byte for byte, its
/// records all there), the destination absent or a complete store holding exactly the snapshot,
/// and whatever else the backup left beside it either no store at all or a complete one.
/// </summary>
public sealed class BackupKillPointTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_killed_backup_leaves_the_source_untouched_and_the_destination_absent_or_complete()
    {
        StoreContent model;
        using (var source = MmapVectorStore.Create(_dir.StorePath, BackupWorkload.Dim))
        {
            model = BackupWorkload.Write(source, 30);
        }

        var pristine = Fingerprint(_dir.StorePath);
        var (trace, first) = DryRun(model);
        var points = KillPoint.Along(trace.Skip(first)).ToList();
        Assert.True(points.Count > 30, $"only {points.Count} kill points: the backup no longer goes through the file seam");
        Assert.Contains(trace, e => e.Operation == "MoveDirectory");

        var completed = 0;
        foreach (var point in points)
        {
            var parent = _dir.Next("parent");
            var destination = Path.Combine(parent, "backup");
            var fs = new FaultFileSystem { KillAt = point, Mode = CrashMode.Kill };
            var source = MmapVectorStore.Open(_dir.StorePath, new VectorStoreOptions { FileSystem = fs });
            _ = Assert.Throws<SimulatedCrashException>(() => source.Backup(destination));
            Assert.True(fs.CrashedAt is not null, $"{point}: never reached; the backup is not deterministic");
            source.Dispose();

            var what = $"killed {point} ({fs.CrashedAt})";
            Assert.True(pristine.SequenceEqual(Fingerprint(_dir.StorePath)), $"{what}: the source store's files changed");
            if (Directory.Exists(destination))
            {
                completed++;
                Assert.Null(model.DifferenceFrom(StoreContent.Read(destination)));
            }

            foreach (var left in Directory.Exists(parent) ? Directory.EnumerateDirectories(parent) : [])
            {
                if (left != destination)
                {
                    Assert.EndsWith(".backup.tmp", left, StringComparison.Ordinal);
                    Assert.StartsWith(".", Path.GetFileName(left), StringComparison.Ordinal);
                    if (File.Exists(Path.Combine(left, StorePaths.IndexFileName)))
                    {
                        Assert.True(model.DifferenceFrom(StoreContent.Read(left)) is null, $"{what}: the temp folder holds an index but not the whole snapshot");
                    }
                }
            }

            TempStoreDirectory.Remove(parent);
        }

        Assert.Null(model.DifferenceFrom(StoreContent.Read(_dir.StorePath)));
        Assert.InRange(completed, 1, points.Count - 1);
        output.WriteLine($"killed at {points.Count} points ({trace.Count - first} file operations of the backup); {completed} left a complete destination");
    }

    /// <summary>Runs the backup once without a kill; returns the whole trace and where the backup's operations start.</summary>
    private (List<IoEvent> Trace, int First) DryRun(StoreContent model)
    {
        var fs = new FaultFileSystem();
        var destination = Path.Combine(_dir.Next("dry"), "backup");
        int first;
        using (var source = MmapVectorStore.Open(_dir.StorePath, new VectorStoreOptions { FileSystem = fs }))
        {
            first = fs.Trace.Count;
            _ = source.Backup(destination);
        }

        Assert.Null(model.DifferenceFrom(StoreContent.Read(destination)));
        return (fs.Trace, first);
    }

    /// <summary>Every file of the store but its lock file, with a hash of its bytes.</summary>
    private static List<string> Fingerprint(string directory) =>
        [.. Directory.EnumerateFiles(directory)
            .Where(file => Path.GetFileName(file) != StorePaths.LockFileName)
            .Order(StringComparer.Ordinal)
            .Select(file => $"{Path.GetFileName(file)}:{Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(file)))}")];
}
