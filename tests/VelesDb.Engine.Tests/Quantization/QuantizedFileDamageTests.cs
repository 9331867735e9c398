using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Quantization;

/// <summary>
/// The int8 copy is derived data: a bit flip, a truncation, a copy made from other vectors or a
/// file that cannot be written is found record by record, made again from the f32 vectors, and
/// never changes an answer, fails an open, a write or a search.
/// </summary>
public sealed class QuantizedFileDamageTests : IDisposable
{
    private const int Dim = 24;
    private const int Count = 3_000;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string QuantizedFile(string store) => Path.Combine(store, "vectors.000001.q8");

    /// <summary>Makes an Int8 store of <see cref="Count"/> random vectors whose copy is on disk; returns the copy's bytes.</summary>
    private static byte[] MakeStore(string path, int seed = 1)
    {
        var random = new Random(seed);
        using (var store = MmapVectorStore.Create(path, Dim, new VectorStoreOptions { Durability = Durability.Process, Quantization = StoreQuantization.Int8 }))
        {
            store.StoreBatch(Enumerable.Range(0, Count).Select(i => (ulong)i).ToArray(), QuantizedData.Random(random, Count, Dim));
            store.BuildDerived();
        }

        return File.ReadAllBytes(QuantizedFile(path));
    }

    private static void AssertAnswersExactly(MmapVectorStore store, int seed)
    {
        var random = new Random(seed);
        foreach (var metric in new[] { DistanceMetric.Cosine, DistanceMetric.DotProduct, DistanceMetric.Euclidean })
        {
            for (var q = 0; q < 5; q++)
            {
                var request = new SearchRequest { Query = QuantizedData.Random(random, 1, Dim), K = 10, Metric = metric };
                var quantized = store.Search(request);
                Assert.True(quantized.Quantized);
                Assert.Equal(store.Search(request with { Exact = true }).Matches, quantized.Matches);
            }
        }
    }

    public static TheoryData<int> FlippedBytes => [0, 8, 13, 20, 33, 100, 4096, 4096 + 2, 4096 + 5, 4096 + 9, 4096 + 14, 4096 + 18, 4096 + 22, 4096 + 26, 4096 + 40, 4096 + (64 * 1500) + 33, 4096 + (64 * 2999) + 55];

    [Theory]
    [MemberData(nameof(FlippedBytes))]
    public void A_flipped_bit_in_the_quantized_file_is_made_again_and_never_changes_an_answer(int offset)
    {
        var original = MakeStore(_dir.StorePath);
        Assert.Equal(4096 + (64 * Count), original.Length);
        var damaged = original.ToArray();
        damaged[offset] ^= 0x10;
        File.WriteAllBytes(QuantizedFile(_dir.StorePath), damaged);

        using (var store = MmapVectorStore.Open(_dir.StorePath))
        {
            AssertAnswersExactly(store, offset);
        }

        // The damaged record (or, for the header, the whole copy) was made again, byte for byte.
        Assert.Equal(original, File.ReadAllBytes(QuantizedFile(_dir.StorePath)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(4096 + 30)]
    [InlineData(4096 + (64 * 1700) + 3)]
    public void A_truncated_quantized_file_is_caught_up_from_the_f32_vectors(int length)
    {
        var original = MakeStore(_dir.StorePath);
        File.WriteAllBytes(QuantizedFile(_dir.StorePath), original.AsSpan(0, length).ToArray());
        using (var store = MmapVectorStore.Open(_dir.StorePath))
        {
            AssertAnswersExactly(store, length);
        }

        Assert.Equal(original, File.ReadAllBytes(QuantizedFile(_dir.StorePath)));
    }

    [Fact]
    public void A_copy_made_from_other_vectors_is_not_trusted()
    {
        // Another store's copy has this store's dimension and generation, but its records name other slots' checksums.
        var original = MakeStore(_dir.StorePath, seed: 1);
        var other = _dir.Next("other");
        var foreign = MakeStore(other, seed: 2);
        Assert.NotEqual(original, foreign);
        File.WriteAllBytes(QuantizedFile(_dir.StorePath), foreign);
        using (var store = MmapVectorStore.Open(_dir.StorePath))
        {
            AssertAnswersExactly(store, 3);
        }

        var repaired = File.ReadAllBytes(QuantizedFile(_dir.StorePath));
        Assert.Equal(original.Length, repaired.Length);

        // The centre in the header stays the other store's (it is sound, only less fitting); every record is this store's.
        using var check = MmapVectorStore.Open(_dir.StorePath);
        AssertAnswersExactly(check, 4);
    }

    [Fact]
    public void Writes_the_copy_has_not_seen_are_caught_up_after_reopening()
    {
        var original = MakeStore(_dir.StorePath);
        var random = new Random(9);
        using (var store = MmapVectorStore.Open(_dir.StorePath, new VectorStoreOptions { Durability = Durability.Process }))
        {
            // Without a search the copy never looks: the file stays as it was.
            store.StoreBatch(Enumerable.Range(Count, 500).Select(i => (ulong)i).ToArray(), QuantizedData.Random(random, 500, Dim));
            store.DeleteBatch(Enumerable.Range(0, 200).Select(i => (ulong)i).ToArray());
        }

        Assert.Equal(original, File.ReadAllBytes(QuantizedFile(_dir.StorePath)));
        using (var store = MmapVectorStore.Open(_dir.StorePath))
        {
            AssertAnswersExactly(store, 5);
        }

        Assert.Equal(original.Length + (64 * 500), new FileInfo(QuantizedFile(_dir.StorePath)).Length);
    }

    [Fact]
    public void A_quantized_file_that_cannot_be_written_fails_no_write_and_no_search()
    {
        var fs = new FaultFileSystem { FailOn = (_, file) => file.EndsWith(".q8", StringComparison.Ordinal) };
        var random = new Random(3);
        using (var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process, Quantization = StoreQuantization.Int8, FileSystem = fs }))
        {
            store.StoreBatch(Enumerable.Range(0, Count).Select(i => (ulong)i).ToArray(), QuantizedData.Random(random, Count, Dim));
            AssertAnswersExactly(store, 6);
            store.StoreBatch(Enumerable.Range(Count, 100).Select(i => (ulong)i).ToArray(), QuantizedData.Random(random, 100, Dim));
            AssertAnswersExactly(store, 7);
            store.Compact();
            AssertAnswersExactly(store, 8);
        }

        using var reopened = MmapVectorStore.Open(_dir.StorePath);
        Assert.Equal(StoreQuantization.Int8, reopened.Quantization);
        AssertAnswersExactly(reopened, 9);
    }
}
