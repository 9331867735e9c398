using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Corruption;

/// <summary>Damaged files give a <see cref="StoreCorruptedException"/> naming file and offset, or open correctly; never anything else.</summary>
public sealed class CorruptionTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> StoreFiles => new() { StorePaths.IndexFileName, StorePaths.WalFileName, "vectors.000001.dat" };

    [Theory]
    [MemberData(nameof(StoreFiles))]
    public void A_flipped_bit_anywhere_in_a_header_is_detected_or_harmless(string fileName)
    {
        CreateClosedStore();
        var pristine = File.ReadAllBytes(_dir.File(fileName));
        for (var bit = 0; bit < 36 * 8; bit++)
        {
            var bytes = (byte[])pristine.Clone();
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(_dir.File(fileName), bytes);

            var e = Record.Exception(() => MmapVectorStore.Open(_dir.StorePath).Dispose());
            if (e is not null)
            {
                var corrupted = Assert.IsType<StoreCorruptedException>(e);
                Assert.Equal(_dir.File(fileName), corrupted.FilePath);
                Assert.InRange(corrupted.Offset, 0, pristine.Length);
            }

            File.WriteAllBytes(_dir.File(fileName), pristine);
        }
    }

    [Fact]
    public void A_flipped_bit_in_the_index_entries_is_detected()
    {
        CreateClosedStore();
        var path = _dir.File(StorePaths.IndexFileName);
        var bytes = File.ReadAllBytes(path);
        bytes[60] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.Equal(path, e.FilePath);
    }

    [Fact]
    public void A_newer_format_version_is_refused_with_a_clear_message()
    {
        CreateClosedStore();
        var path = _dir.File(StorePaths.IndexFileName);
        var bytes = File.ReadAllBytes(path);
        BitConverter.GetBytes(99).CopyTo(bytes, 8);
        var crc = Format.Checksum.Compute(bytes.AsSpan(0, 32));
        BitConverter.GetBytes(crc).CopyTo(bytes, 32);
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.Equal(8, e.Offset);
        Assert.Contains("newer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_foreign_file_is_refused()
    {
        CreateClosedStore();
        File.WriteAllText(_dir.File(StorePaths.IndexFileName), "{\"this\": \"is json, not a store\"}");

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.Equal(0, e.Offset);
    }

    [Fact]
    public void A_truncated_data_file_is_detected_before_it_is_mapped()
    {
        CreateClosedStore();
        var path = _dir.File("vectors.000001.dat");
        using (var data = new FileStream(path, FileMode.Open))
        {
            data.SetLength(data.Length - 1);
        }

        var e = Assert.Throws<StoreCorruptedException>(() => MmapVectorStore.Open(_dir.StorePath));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_bit_in_a_stored_vector_is_caught_by_copying_reads_and_by_verify_and_not_by_zero_copy_reads()
    {
        CreateClosedStore();
        var path = _dir.File("vectors.000001.dat");
        var bytes = File.ReadAllBytes(path);
        var slotSize = 16 + (Dim * 4);
        bytes[4096 + slotSize + 16 + 5] ^= 0x04;
        File.WriteAllBytes(path, bytes);

        using var store = MmapVectorStore.Open(_dir.StorePath);
        var flipped = Enumerable.Range(1, 3).Select(i => (ulong)i).Single(id =>
            Record.Exception(() => store.Retrieve(id)) is StoreCorruptedException);
        var e = Assert.Throws<StoreCorruptedException>(() => store.Retrieve(flipped));
        Assert.Equal(4096 + slotSize, e.Offset);
        Assert.Throws<StoreCorruptedException>(() => store.Verify());

        using var reader = store.OpenReader();
        var fromReader = Assert.Throws<StoreCorruptedException>(() => reader.TryCopy(flipped, new float[Dim]));
        Assert.Equal((path, 4096L + slotSize), (fromReader.FilePath, fromReader.Offset));
        Assert.True(reader.TryGetVector(flipped, out _));
    }

    [Fact]
    public void Random_garbage_appended_to_the_log_is_ignored()
    {
        CreateClosedStore();
        var random = new Random(7);
        var garbage = new byte[500];
        random.NextBytes(garbage);
        using (var wal = new FileStream(_dir.File(StorePaths.WalFileName), FileMode.Append))
        {
            wal.Write(garbage);
        }

        using var store = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(3, store.Count);
        Assert.Equal(3, store.Verify());
    }

    private void CreateClosedStore()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
    }
}
