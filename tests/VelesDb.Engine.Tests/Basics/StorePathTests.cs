using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

public sealed class StorePathTests : IDisposable
{
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Opening_a_missing_directory_says_it_does_not_exist()
    {
        var e = Assert.Throws<StoreNotFoundException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.Contains("does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Opening_a_directory_without_a_store_says_so()
    {
        Directory.CreateDirectory(_dir.StorePath);
        Assert.Throws<StoreNotFoundException>(() => MmapVectorStore.Open(_dir.StorePath));
    }

    [Fact]
    public void A_path_that_is_a_file_is_refused_by_open_and_create()
    {
        var file = Path.Combine(_dir.Root, "plain.txt");
        File.WriteAllText(file, "not a store");

        Assert.Contains("is a file", Assert.Throws<StoreNotFoundException>(() => MmapVectorStore.Open(file)).Message, StringComparison.Ordinal);
        Assert.Throws<StoreExistsException>(() => MmapVectorStore.Create(file, 4));
        Assert.Equal("not a store", File.ReadAllText(file));
    }

    [Fact]
    public void Creating_over_an_existing_store_fails_and_leaves_it_untouched()
    {
        using (var store = MmapVectorStore.Create(_dir.StorePath, 4))
        {
            store.Store(1, [1, 2, 3, 4]);
        }

        Assert.Throws<StoreExistsException>(() => MmapVectorStore.Create(_dir.StorePath, 4));
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal([1f, 2, 3, 4], reopened.Retrieve(1)!);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(MmapVectorStore.MaxDimension + 1)]
    public void A_dimension_out_of_range_is_refused(int dimension)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MmapVectorStore.Create(_dir.StorePath, dimension));
    }

    [Fact]
    public void A_second_open_of_a_locked_store_fails_at_once_naming_the_lock()
    {
        using var first = MmapVectorStore.Create(_dir.StorePath, 4);

        var e = Assert.Throws<StoreLockedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.EndsWith(StorePaths.LockFileName, e.LockFilePath, StringComparison.Ordinal);
        Assert.Contains(StorePaths.LockFileName, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lock_is_released_on_dispose()
    {
        MmapVectorStore.Create(_dir.StorePath, 4).Dispose();
        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(4, reopened.Dimension);
    }
}
