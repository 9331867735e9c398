using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// 10,000 open/close cycles (with writes, growth, compaction, failed opens and failed stores mixed
/// in) leave the process's memory mappings (/proc/self/maps) and file descriptors (/proc/self/fd)
/// where they started: nothing of the store stays mapped or open, and the totals do not creep.
/// </summary>
[Collection(nameof(WholeProcessGroup))]
public sealed class ManyOpensTests : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Ten_thousand_open_close_cycles_leave_mappings_and_handles_at_baseline()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var path = _dir.Next("store");
        var fs = new FaultFileSystem();
        var options = new VectorStoreOptions { FileSystem = fs };
        MmapVectorStore.Create(path, Dim, options).Dispose();
        var broken = BrokenStore();

        // Warm up: the runtime maps and opens things once (JIT, thread pool); then take the baseline.
        for (var i = 0; i < 200; i++)
        {
            Cycle(i, path, broken, fs, options);
        }

        var (mapsBefore, fdsBefore) = Settled();
        var cycles = Soak.Count("VELESDB_OPENS", 10_000, 100_000);
        for (var i = 0; i < cycles; i++)
        {
            Cycle(i, path, broken, fs, options);
            if (i % 1000 == 999)
            {
                Assert.Equal(0, Maps().Count(line => line.Contains(_dir.Root, StringComparison.Ordinal)));
                Assert.Equal(0, Descriptors().Count(target => target.StartsWith(_dir.Root, StringComparison.Ordinal)));
            }
        }

        var (mapsAfter, fdsAfter) = Settled();
        Assert.DoesNotContain(Maps(), line => line.Contains(_dir.Root, StringComparison.Ordinal));
        Assert.DoesNotContain(Descriptors(), target => target.StartsWith(_dir.Root, StringComparison.Ordinal));

        // The runtime keeps mapping a little as it goes (tiered JIT code, GC regions: about 50 over
        // 10,000 cycles, growing ever slower). A leak in even the rarest kind of cycle (one in 50)
        // would add one per such cycle: twice the tolerance.
        var tolerance = cycles / 50 / 2;
        Assert.InRange(mapsAfter, 0, mapsBefore + tolerance);
        Assert.InRange(fdsAfter, 0, fdsBefore + 4);
    }

    private static void Cycle(int i, string path, string broken, FaultFileSystem fs, VectorStoreOptions options)
    {
        switch (i % 50)
        {
            case 1:
                // A write and a clean close (checkpoint, trim).
                using (var store = MmapVectorStore.Open(path, options))
                {
                    var id = (ulong)(i % 500);
                    store.Store(id, Payload.For(id, i % Payload.MaxVersion, Dim));
                    _ = store.Retrieve(id);
                    using var view = store.TryGetView(id, out var v) ? v : default;
                }

                break;
            case 2:
                // Growth (a new, larger mapping) and a compaction (a new generation).
                using (var store = MmapVectorStore.Open(path, options))
                {
                    store.ReserveCapacity(store.Count + 600_000);
                    _ = store.Delete((ulong)(i % 500));
                    _ = store.Compact();
                }

                break;
            case 3:
                // An open that fails after the data file is mapped.
                _ = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(broken));
                break;
            case 4:
                // A store whose sync fails: it refuses writes, then closes without its checkpoint.
                using (var store = MmapVectorStore.Open(path, options))
                {
                    fs.FailWhen = e => e.Operation == "Sync";
                    _ = Assert.Throws<IOException>(() => store.Store(1, Payload.For(1, 1, Dim)));
                    fs.FailWhen = null;
                }

                break;
            default:
                MmapVectorStore.Open(path, options).Dispose();
                break;
        }
    }

    /// <summary>A store whose log header names another dimension: opening it fails late, after the data file is mapped.</summary>
    private string BrokenStore()
    {
        var path = _dir.Next("broken");
        MmapVectorStore.Create(path, Dim, new VectorStoreOptions { FileSystem = new FaultFileSystem() }).Dispose();
        var wal = Path.Combine(path, StorePaths.WalFileName);
        var bytes = File.ReadAllBytes(wal);
        BitConverter.GetBytes(Dim + 1).CopyTo(bytes, 12);
        Forge.SealHeader(bytes);
        File.WriteAllBytes(wal, bytes);
        return path;
    }

    private static (int Maps, int Descriptors) Settled()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return (Maps().Length, Descriptors().Length);
    }

    private static string[] Maps() => File.ReadAllLines("/proc/self/maps");

    private static string[] Descriptors() =>
        [.. Directory.EnumerateFileSystemEntries("/proc/self/fd").Select(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget ?? string.Empty;
            }
            catch (IOException)
            {
                return string.Empty;
            }
        })];
}
