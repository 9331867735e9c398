using System.Buffers.Binary;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Corruption;

/// <summary>
/// Files that are not what they claim: ones that pass their checksums but lie (written by a bug,
/// a tool, or on purpose), ones of absurd size, a newer format version, a foreign file. Each must
/// give a <see cref="StoreCorruptedException"/> naming the file (and, for a version or a foreign
/// file, the offset that gave it away), and a failed open must never delete anything.
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

    [Fact]
    public void A_newer_format_version_is_refused_with_a_clear_message()
    {
        var path = File(StorePaths.IndexFileName);
        var bytes = System.IO.File.ReadAllBytes(path);
        BitConverter.GetBytes(99).CopyTo(bytes, 8);
        var crc = Format.Checksum.Compute(bytes.AsSpan(0, 32));
        BitConverter.GetBytes(crc).CopyTo(bytes, 32);
        System.IO.File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_store));
        Assert.Equal(8, e.Offset);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_file_is_refused()
    {
        System.IO.File.WriteAllText(File(StorePaths.IndexFileName), "{\"this\": \"is json, not a store\"}");

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_store));
        Assert.Equal(0, e.Offset);
    }

    private void Rewrite(string name, Action<byte[]> change)
    {
        var bytes = System.IO.File.ReadAllBytes(File(name));
        change(bytes);
        Forge.Seal(name, bytes);
        System.IO.File.WriteAllBytes(File(name), bytes);
    }
}
