using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Backup;

/// <summary>Backups of the embedded engine: what they hold, what they refuse, and what a damaged source does.</summary>
public sealed class BackupTests : IDisposable
{
    private const int Dim = BackupWorkload.Dim;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private MmapVectorStore CreateSource() => MmapVectorStore.Create(_dir.StorePath, Dim);

    [Fact]
    public void A_backup_is_a_store_holding_every_record_with_its_key_vector_and_attributes()
    {
        using var store = CreateSource();
        var model = BackupWorkload.Write(store, 40);
        var destination = Path.Combine(_dir.Root, "backups", "monday");

        var result = store.Backup(destination);

        Assert.Equal(_dir.StorePath, result.Source);
        Assert.Equal(destination, result.Destination);
        Assert.Equal(model.Count, result.Records);
        Assert.True(result.Duration > TimeSpan.Zero);
        var files = Directory.EnumerateFiles(destination).Where(f => Path.GetFileName(f) != StorePaths.LockFileName).Sum(f => new FileInfo(f).Length);
        Assert.Equal(files, result.Bytes);
        Assert.Null(model.DifferenceFrom(StoreContent.Read(destination)));
        Assert.Null(model.DifferenceFrom(StoreContent.Read(store)));
        Assert.Equal([destination], Directory.EnumerateDirectories(Path.GetDirectoryName(destination)!));
    }

    [Fact]
    public void A_backup_keeps_the_stores_settings_and_searches_as_its_source_does()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Quantization = StoreQuantization.Int8 });
        _ = BackupWorkload.Write(store, 40);
        var destination = Path.Combine(_dir.Root, "backups", "int8");

        _ = store.Backup(destination);

        using var copy = MmapVectorStore.Open(destination);
        Assert.Equal(StoreQuantization.Int8, copy.Quantization);
        var query = Vectors.For(7, Dim);
        Assert.Equal(store.Search(query, 5, DistanceMetric.Euclidean).Select(h => h.Id), copy.Search(query, 5, DistanceMetric.Euclidean).Select(h => h.Id));
    }

    [Fact]
    public void A_backup_holds_only_live_records_and_takes_writes_of_its_own()
    {
        using var store = CreateSource();
        var model = BackupWorkload.Write(store, 60);
        var destination = _dir.Next("backup");
        _ = store.Backup(destination);

        using var copy = MmapVectorStore.Open(destination);
        Assert.Equal(0.0, copy.FragmentationRatio);
        Assert.Equal(model.Count, copy.Verify());
        copy.Store(123_456, Vectors.For(7, Dim));
        Assert.Equal(Vectors.For(7, Dim), copy.Retrieve(123_456));
        Assert.False(store.Contains(123_456));
    }

    [Fact]
    public void An_empty_store_backs_up_to_an_empty_store_of_its_dimension()
    {
        using var store = CreateSource();
        var destination = _dir.Next("backup");
        Assert.Equal(0, store.Backup(destination).Records);
        using var copy = MmapVectorStore.Open(destination);
        Assert.Equal(0, copy.Count);
        Assert.Equal(Dim, copy.Dimension);
    }

    [Fact]
    public void The_store_contract_offers_backup_as_a_capability()
    {
        IVectorStore store = CreateSource();
        using (store)
        {
            var model = BackupWorkload.Write(store, 10);
            var backup = Assert.IsAssignableFrom<IBackupStore>(store);
            var destination = _dir.Next("backup");
            Assert.Equal(model.Count, backup.Backup(destination).Records);
            Assert.Null(model.DifferenceFrom(StoreContent.Read(destination)));
        }
    }

    [Fact]
    public void Progress_rises_to_one()
    {
        using var store = CreateSource();
        _ = BackupWorkload.Write(store, 10);
        var reports = new List<double>();
        _ = store.Backup(_dir.Next("backup"), new SynchronousProgress(reports.Add));
        Assert.NotEmpty(reports);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
        Assert.All(reports, value => Assert.InRange(value, 0.0, 1.0));
    }

    [Theory]
    [InlineData("empty folder")]
    [InlineData("file")]
    [InlineData("store")]
    public void A_destination_that_exists_is_refused_and_left_as_it_was(string what)
    {
        using var store = CreateSource();
        _ = BackupWorkload.Write(store, 5);
        var destination = _dir.Next("exists");
        switch (what)
        {
            case "empty folder":
                Directory.CreateDirectory(destination);
                break;
            case "file":
                File.WriteAllText(destination, "mine");
                break;
            default:
                _ = store.Backup(destination);
                break;
        }

        var before = Listing(destination);
        var e = Assert.Throws<StoreExistsException>(() => store.Backup(destination));
        Assert.Equal(destination, e.Path);
        Assert.Equal(before, Listing(destination));
        Assert.DoesNotContain(Directory.EnumerateDirectories(_dir.Root), d => d.EndsWith(".backup.tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_damaged_slot_stops_the_backup_and_leaves_no_destination_and_no_temp_folder()
    {
        using (var store = CreateSource())
        {
            store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
        }

        var path = _dir.File("vectors.000001.dat");
        var bytes = File.ReadAllBytes(path);
        bytes[4096 + (16 + (Dim * 4)) + 16 + 5] ^= 0x04;
        File.WriteAllBytes(path, bytes);

        using var damaged = MmapVectorStore.Open(_dir.StorePath);
        var destination = _dir.Next("backup");
        var e = Assert.Throws<StoreCorruptedException>(() => damaged.Backup(destination));
        Assert.Equal(path, e.FilePath);
        Assert.False(Directory.Exists(destination));
        Assert.Equal([_dir.StorePath], Directory.EnumerateDirectories(_dir.Root));
    }

    [Fact]
    public void A_closed_store_cannot_be_backed_up()
    {
        var store = CreateSource();
        store.Dispose();
        var destination = _dir.Next("backup");
        _ = Assert.Throws<ObjectDisposedException>(() => store.Backup(destination));
        Assert.False(Directory.Exists(destination));
    }

    private static string[] Listing(string path) =>
        File.Exists(path) ? [File.ReadAllText(path)] : [.. Directory.EnumerateFileSystemEntries(path).Select(entry => $"{Path.GetFileName(entry)}:{(File.Exists(entry) ? new FileInfo(entry).Length : -1)}").Order()];

    /// <summary>Reports on the calling thread, in order (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
