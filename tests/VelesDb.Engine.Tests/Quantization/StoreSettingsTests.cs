using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Quantization;

/// <summary>
/// The quantization setting is kept on disk (vectors.settings), survives reopening, and is changed
/// on an existing store by <see cref="MmapVectorStore.SetQuantization"/>, which builds or deletes
/// the copy. Stores made before the setting existed open with quantization off and can turn it on.
/// </summary>
public sealed class StoreSettingsTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Settings => _dir.File(StorePaths.SettingsFileName);

    [Fact]
    public void A_store_created_with_int8_keeps_the_setting_and_its_copy_across_reopening()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Quantization = StoreQuantization.Int8 }))
        {
            store.StoreBatch([1, 2, 3], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0]);
            Assert.Equal(StoreQuantization.Int8, store.Quantization);
            Assert.True(store.Search(new SearchRequest { Query = [1, 0, 0, 0], K = 1 }).Quantized);
            Assert.True(store.GetMetrics().QuantizedFileBytes > 0);
        }

        Assert.True(File.Exists(Settings));
        using var reopened = MmapVectorStore.Open(_dir.StorePath, new VectorStoreOptions { Quantization = StoreQuantization.None });
        Assert.Equal(StoreQuantization.Int8, reopened.Quantization);
        Assert.Equal(1UL, reopened.Search(new SearchRequest { Query = [1, 0, 0, 0], K = 1 }).Matches[0].Key.Number);
    }

    [Fact]
    public void A_store_created_with_the_defaults_writes_no_settings_file_and_searches_the_f32_vectors()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.Store(1, [1, 2, 3, 4]);
        Assert.False(File.Exists(Settings));
        Assert.Equal(StoreQuantization.None, store.Quantization);
        var results = store.Search(new SearchRequest { Query = [1, 2, 3, 4], K = 1 });
        Assert.False(results.Quantized);
        Assert.True(results.Exact);
        Assert.Empty(Directory.GetFiles(_dir.StorePath, "*.q8"));
    }

    [Fact]
    public void Set_quantization_builds_the_copy_with_progress_and_turning_it_off_deletes_it()
    {
        var random = new Random(2);
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim))
        {
            store.StoreBatch(Enumerable.Range(0, 2_000).Select(i => (ulong)i).ToArray(), QuantizedData.Random(random, 2_000, Dim));
            var reports = new List<double>();
            store.SetQuantization(StoreQuantization.Int8, new SynchronousProgress(reports.Add));
            Assert.NotEmpty(reports);
            Assert.Equal(1.0, reports[^1]);
            Assert.True(File.Exists(_dir.File("vectors.000001.q8")));
            Assert.Equal(StoreQuantization.Int8, StoreSettings.Load(OsFileSystem, Settings).Quantization);

            store.SetQuantization(StoreQuantization.None);
            Assert.False(File.Exists(_dir.File("vectors.000001.q8")));
            Assert.False(store.Search(new SearchRequest { Query = [1, 0, 0, 0], K = 3 }).Quantized);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(StoreQuantization.None, reopened.Quantization);
    }

    [Fact]
    public void Compaction_replaces_the_copy_with_one_of_the_new_generation()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Quantization = StoreQuantization.Int8 });
        store.StoreBatch([1, 2, 3, 4], [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
        _ = store.Delete(2);
        store.BuildDerived();
        Assert.True(File.Exists(_dir.File("vectors.000001.q8")));
        store.Compact();
        Assert.False(File.Exists(_dir.File("vectors.000001.q8")));
        var results = store.Search(new SearchRequest { Query = [0, 1, 0.1f, 0], K = 3 });
        Assert.True(results.Quantized);
        Assert.Equal(results.Matches, store.Search(new SearchRequest { Query = [0, 1, 0.1f, 0], K = 3, Exact = true }).Matches);
        Assert.True(File.Exists(_dir.File("vectors.000002.q8")));
    }

    [Fact]
    public void Open_deletes_copies_the_settings_do_not_ask_for_and_a_leftover_settings_temp_file()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Quantization = StoreQuantization.Int8 }))
        {
            store.Store(1, [1, 2, 3, 4]);
            store.BuildDerived();
        }

        File.Copy(_dir.File("vectors.000001.q8"), _dir.File("vectors.000002.q8"));
        File.WriteAllText(_dir.File("vectors.settings.tmp"), "torn");
        File.WriteAllText(_dir.File("vectors.backup.q8"), "the user's");
        using (MmapVectorStore.Open(_dir.StorePath))
        {
        }

        Assert.True(File.Exists(_dir.File("vectors.000001.q8")));
        Assert.False(File.Exists(_dir.File("vectors.000002.q8")));
        Assert.False(File.Exists(_dir.File("vectors.settings.tmp")));
        Assert.True(File.Exists(_dir.File("vectors.backup.q8")));
    }

    [Fact]
    public void A_format_1_store_opens_with_quantization_off_and_can_turn_it_on()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", "Format1", "closed");
        var target = _dir.Next("format1-");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        using (var store = MmapVectorStore.Open(target))
        {
            Assert.Equal(StoreQuantization.None, store.Quantization);
            store.SetQuantization(StoreQuantization.Int8);
            var request = new SearchRequest { Query = [1, 0.5f, -1, 0.5f], K = 10, Metric = DistanceMetric.Euclidean };
            var quantized = store.Search(request);
            Assert.True(quantized.Quantized);
            Assert.Equal(store.Search(request with { Exact = true }).Matches, quantized.Matches);
        }

        using var reopened = MmapVectorStore.Open(target);
        Assert.Equal(StoreQuantization.Int8, reopened.Quantization);
        Assert.True(File.Exists(Path.Combine(target, "vectors.000002.q8")));
    }

    [Theory]
    [InlineData("vectors.000001.q8")]
    [InlineData("vectors.settings")]
    public void Create_refuses_a_folder_holding_a_file_with_the_name_of_a_derived_file_or_the_settings(string name)
    {
        Directory.CreateDirectory(_dir.StorePath);
        File.WriteAllText(_dir.File(name), "someone else's");
        var e = Assert.Throws<ForeignFilesException>(() => MmapVectorStore.Create(_dir.StorePath, Dim, null, force: true));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_asks_for_force_beside_a_file_that_only_looks_like_a_copy()
    {
        Directory.CreateDirectory(_dir.StorePath);
        File.WriteAllText(_dir.File("vectors.old.q8"), "a copy");
        _ = Assert.Throws<ForeignFilesException>(() => MmapVectorStore.Create(_dir.StorePath, Dim));
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, null, force: true);
        Assert.True(File.Exists(_dir.File("vectors.old.q8")));
    }

    [Fact]
    public void A_damaged_settings_file_is_reported_naming_the_file()
    {
        using (MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Quantization = StoreQuantization.Int8 }))
        {
        }

        var bytes = File.ReadAllBytes(Settings);
        bytes[12] ^= 1;
        File.WriteAllBytes(Settings, bytes);
        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.Contains(StorePaths.SettingsFileName, e.Message, StringComparison.Ordinal);
    }

    private static IO.IStoreFileSystem OsFileSystem => IO.OsStoreFileSystem.Instance;

    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
