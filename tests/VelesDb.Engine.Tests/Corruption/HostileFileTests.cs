using System.Buffers.Binary;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Corruption;

/// <summary>
/// Files that pass their checksums but lie (written by a bug, a tool, or on purpose), and files
/// of absurd size. Each must give a <see cref="StoreCorruptedException"/> naming the file, and
/// a failed open must never delete anything.
/// </summary>
public sealed class HostileFileTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();
    private readonly string _store;

    public HostileFileTests()
    {
        _store = _dir.Next("store");
        using var store = MmapVectorStore.Create(_store, Dim, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
        store.StoreBatch([1, 2, 3], Payload.Batch([1, 2, 3], 1, Dim));
    }

    public void Dispose() => _dir.Dispose();

    private string File(string name) => Path.Combine(_store, name);

    [Fact]
    public void An_index_naming_a_data_file_that_is_not_there_is_corruption_and_deletes_nothing()
    {
        Rewrite(StorePaths.IndexFileName, bytes => BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(16), 2));

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_store).Dispose());
        Assert.Contains("vectors.000002.dat", e.Message, StringComparison.Ordinal);
        Assert.True(System.IO.File.Exists(File("vectors.000001.dat")), "a failed open deleted the only data file there was");
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData(long.MaxValue)]
    public void An_index_claiming_an_absurd_high_water_mark_is_corruption(long highWater)
    {
        Rewrite(StorePaths.IndexFileName, bytes => BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(36), highWater));

        var e = Watchdog.Run(() => Record.Exception(() => MmapVectorStore.Open(_store).Dispose()), "open");
        Assert.True(e is StoreCorruptedException, $"opening threw {e?.GetType().Name ?? "nothing"}: {e?.Message}");
    }

    [Fact]
    public void A_log_record_naming_slots_far_beyond_the_file_is_not_applied()
    {
        using (var store = MmapVectorStore.Open(_store, new VectorStoreOptions { Durability = Durability.Process, FileSystem = new FaultFileSystem() }))
        {
            store.Store(9, Payload.For(9, 2, Dim));
            _ = DirectoryCopy.CopyAsAfterKill(_store, _store + "-killed");
        }

        var killed = _store + "-killed";
        var wal = System.IO.File.ReadAllBytes(Path.Combine(killed, StorePaths.WalFileName));
        BinaryPrimitives.WriteInt64LittleEndian(wal.AsSpan(64 + 8 + 13 + 8), long.MaxValue / 2);
        Forge.SealLog(wal);
        System.IO.File.WriteAllBytes(Path.Combine(killed, StorePaths.WalFileName), wal);

        using var reopened = MmapVectorStore.Open(killed);
        Assert.Equal(3, reopened.Count);
        Assert.Null(reopened.Retrieve(9));
    }

    [Fact]
    public void A_log_longer_than_any_array_is_corruption_not_out_of_memory()
    {
        using (var wal = new FileStream(File(StorePaths.WalFileName), FileMode.Open))
        {
            wal.SetLength(3L * 1024 * 1024 * 1024);
        }

        var e = Watchdog.Run(() => Record.Exception(() => MmapVectorStore.Open(_store).Dispose()), "open");
        Assert.True(e is null or StoreCorruptedException, $"opening threw {e?.GetType().Name}: {e?.Message}");
    }

    private void Rewrite(string name, Action<byte[]> change)
    {
        var bytes = System.IO.File.ReadAllBytes(File(name));
        change(bytes);
        Forge.Seal(name, bytes);
        System.IO.File.WriteAllBytes(File(name), bytes);
    }
}
