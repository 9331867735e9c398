using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// A store deletes and overwrites only files it can prove it wrote: the names of the generations
/// it issued, its log, its checkpoint's temp file. A folder may hold the user's other files,
/// even ones named like a store's; Create refuses to move in beside those unless forced, and
/// never deletes or overwrites one.
/// </summary>
public sealed class StoreFolderOwnershipTests : IDisposable
{
    private const string UserBytes = "the user's own file";
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(StorePaths.WalFileName)]
    [InlineData("vectors.000001.dat")]
    [InlineData("vectors.000007.dat")]
    [InlineData("vectors.idx.tmp")]
    [InlineData(StorePaths.LockFileName)]
    public void Create_refuses_a_folder_holding_a_file_with_one_of_the_stores_names_and_leaves_it_untouched(string name)
    {
        var file = UserFile(name);

        var e = Assert.ThrowsAny<VelesDbException>(() => MmapVectorStore.Create(_dir.StorePath, 4).Dispose());
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Equal(UserBytes, File.ReadAllText(file));
        Assert.False(File.Exists(_dir.File(StorePaths.IndexFileName)), "a refused create left a store behind");
    }

    [Theory]
    [InlineData("vectors.backup.dat")]
    [InlineData("vectors.old.tmp")]
    public void Create_refuses_a_folder_holding_files_that_look_like_a_stores_and_deletes_none_of_them(string name)
    {
        var file = UserFile(name);

        var e = Assert.ThrowsAny<VelesDbException>(() => MmapVectorStore.Create(_dir.StorePath, 4).Dispose());
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains("Force", e.Message, StringComparison.Ordinal);
        Assert.Equal(UserBytes, File.ReadAllText(file));
    }

    [Theory]
    [InlineData(StorePaths.WalFileName)]
    [InlineData("vectors.000001.dat")]
    [InlineData("vectors.000002.dat")]
    public void Force_does_not_let_Create_take_a_name_the_stores_own_files_use(string name)
    {
        var file = UserFile(name);

        var e = Assert.Throws<ForeignFilesException>(() => MmapVectorStore.Create(_dir.StorePath, 4, null, force: true).Dispose());
        Assert.False(e.ForceWouldHelp);
        Assert.Equal([name], e.FileNames);
        Assert.Equal(UserBytes, File.ReadAllText(file));
    }

    [Fact]
    public void With_force_Create_makes_a_store_beside_look_alike_files_that_nothing_ever_touches()
    {
        var users = new[] { "vectors.backup.dat", "vectors.old.tmp", "vectors.7.dat" }.Select(UserFile).ToList();
        var refused = Assert.Throws<ForeignFilesException>(() => MmapVectorStore.Create(_dir.StorePath, 4).Dispose());
        Assert.True(refused.ForceWouldHelp);
        Assert.Equal(3, refused.FileNames.Count);

        using (var store = MmapVectorStore.Create(_dir.StorePath, 4, null, force: true))
        {
            store.StoreBatch([1, 2, 3], new float[12]);
            _ = store.Delete(2);
            _ = store.Compact();
        }

        using (var reopened = MmapVectorStore.Open(_dir.StorePath))
        {
            Assert.Equal(2, reopened.Count);
            _ = reopened.Delete(1);
            _ = reopened.Compact();
        }

        Assert.All(users, file => Assert.Equal(UserBytes, File.ReadAllText(file)));
    }

    [Fact]
    public void Create_beside_unrelated_files_succeeds_and_keeps_them()
    {
        var notes = UserFile("notes.txt");
        var csv = UserFile("vectors.csv");

        using (var store = MmapVectorStore.Create(_dir.StorePath, 4))
        {
            store.Store(1, [1, 2, 3, 4]);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(1, reopened.Count);
        Assert.Equal(UserBytes, File.ReadAllText(notes));
        Assert.Equal(UserBytes, File.ReadAllText(csv));
    }

    [Fact]
    public void Open_deletes_the_leftovers_of_its_own_generations_and_nothing_of_the_users()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, 4))
        {
            store.StoreBatch([1, 2, 3], new float[12]);
            _ = store.Delete(2);
            _ = store.Compact();
        }

        // The store is at generation 2. A compaction to 3 was cut short, and an old checkpoint's temp file is left.
        var users = new[] { "vectors.backup.dat", "vectors.old.tmp", "vectors.000009.dat", "vectors.00002.dat" }.Select(UserFile).ToList();
        File.WriteAllText(_dir.File("vectors.000001.dat"), "replaced by the compaction");
        File.WriteAllText(_dir.File("vectors.000003.dat"), "a compaction in flight");
        File.WriteAllText(_dir.File("vectors.idx.tmp"), "a checkpoint in flight");

        using (var reopened = MmapVectorStore.Open(_dir.StorePath))
        {
            Assert.Equal(2, reopened.Count);
        }

        Assert.All(users, file => Assert.Equal(UserBytes, File.ReadAllText(file)));
        Assert.False(File.Exists(_dir.File("vectors.000001.dat")), "the data file a compaction replaced was kept");
        Assert.False(File.Exists(_dir.File("vectors.000003.dat")), "the data file of a compaction cut short was kept");
        Assert.False(File.Exists(_dir.File("vectors.idx.tmp")), "the temp file of a checkpoint cut short was kept");
    }

    [Fact]
    public void A_kill_at_any_point_of_Create_leaves_a_store_that_opens_or_a_folder_to_create_one_in_again()
    {
        // Made first, so each run below makes exactly one new folder, as the dry run does.
        var scratch = Directory.CreateDirectory(Path.Combine(_dir.Root, "kills")).FullName;
        var recorder = new FaultFileSystem();
        var dry = MmapVectorStore.Create(Path.Combine(scratch, "dry"), 4, new VectorStoreOptions { FileSystem = recorder });
        var createOperations = recorder.Trace.Count;
        dry.Dispose();
        var points = KillPoint.Along(recorder.Trace.Take(createOperations)).ToList();
        for (var i = 0; i < points.Count; i++)
        {
            var path = Path.Combine(scratch, $"k{i}");
            var fs = new FaultFileSystem { KillAt = points[i], Mode = CrashMode.Kill };
            try
            {
                MmapVectorStore.Create(path, 4, new VectorStoreOptions { FileSystem = fs }).Dispose();
            }
            catch (SimulatedCrashException)
            {
            }

            var context = $"killed {points[i]} ({fs.CrashedAt})";
            if (File.Exists(Path.Combine(path, StorePaths.IndexFileName)))
            {
                using var store = Open(path, context);
                Assert.True(store.Count == 0, context);
                store.Store(1, [1, 2, 3, 4]);
                continue;
            }

            // No store: what is left is at most the temp file of the first checkpoint, which Create names.
            var left = Directory.GetFiles(path).Select(Path.GetFileName).Where(name => name != StorePaths.LockFileName).ToList();
            Assert.True(left.All(name => name == "vectors.idx.tmp"), $"{context}: a folder without a store holds {string.Join(", ", left)}");
            if (left.Count == 0)
            {
                MmapVectorStore.Create(path, 4).Dispose();
            }
        }
    }

    private static MmapVectorStore Open(string path, string context)
    {
        try
        {
            return MmapVectorStore.Open(path);
        }
        catch (VelesDbException e)
        {
            throw new FaultCheckException($"{context}: the store does not open: {e.Message}");
        }
    }

    private string UserFile(string name)
    {
        _ = Directory.CreateDirectory(_dir.StorePath);
        var file = _dir.File(name);
        File.WriteAllText(file, UserBytes);
        return file;
    }
}
