using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Corruption;

/// <summary>
/// Damaged bytes in every file. Targeted: a flipped bit in any header or in the index entries, a
/// data file cut short (caught before it is mapped), a flipped bit in a stored vector (caught by
/// copying reads and Verify, not by zero-copy reads), garbage after the log (ignored). Exhaustive:
/// every bit of the index and of a log full of records, every bit of the data file's header and
/// slots, random bits of its header page, random overwrites, every truncation. Each damaged store either fails to open with a
/// <see cref="StoreCorruptedException"/> that names the damaged file and an offset inside it,
/// or opens to a state the damage allows (a log flip drops that record and the ones after it; a
/// flipped vector is reported when read and by Verify) — and never throws anything else, hangs
/// or exhausts memory.
/// </summary>
public sealed class DamagedFileTests : IDisposable
{
    private const int Dim = 4;
    private const string DataFile = "vectors.000001.dat";
    private readonly TempStoreDirectory _dir = new();
    private readonly ITestOutputHelper _output;
    private StoreFiles? _killed;
    private StoreFiles? _closed;

    public DamagedFileTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> EveryHeader => new() { StorePaths.IndexFileName, StorePaths.WalFileName, DataFile };

    public static TheoryData<string, bool> EveryFile => new()
    {
        { StorePaths.IndexFileName, false },
        { StorePaths.IndexFileName, true },
        { StorePaths.WalFileName, true },
        { DataFile, false },
    };

    [Theory]
    [MemberData(nameof(EveryHeader))]
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

    [Theory]
    [MemberData(nameof(EveryFile))]
    public void Every_single_bit_flip_is_detected_or_harmless(string name, bool afterKill)
    {
        var files = afterKill ? Killed : Closed;
        var pristine = files.Bytes(name);

        // The data file's 4 KiB header page is mostly padding: its header fields bit by bit, the rest sampled.
        var bits = name == DataFile
            ? Enumerable.Range(0, 36 * 8).Concat(Enumerable.Range(4096 * 8, (pristine.Length - 4096) * 8)).Concat(Sampled(36 * 8, 4096 * 8, 64))
            : Enumerable.Range(0, pristine.Length * 8);
        var outcomes = new Dictionary<string, int>();
        foreach (var bit in bits)
        {
            var damaged = (byte[])pristine.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            var outcome = OpenDamaged(files, name, damaged, $"{name} bit {bit}");
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        _output.WriteLine($"{name} ({(afterKill ? "after a kill" : "closed")}): {outcomes.Values.Sum()} bit flips: {string.Join(", ", outcomes.Select(kv => $"{kv.Value} {kv.Key}"))}");
        Assert.True(outcomes.Count > 0);
    }

    [Theory]
    [MemberData(nameof(EveryFile))]
    public void Random_overwrites_are_detected_or_harmless(string name, bool afterKill)
    {
        var files = afterKill ? Killed : Closed;
        var pristine = files.Bytes(name);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal) ^ (afterKill ? 1 : 0));
        for (var round = 0; round < Soak.Count("VELESDB_OVERWRITES", 150, 5000); round++)
        {
            var damaged = (byte[])pristine.Clone();
            var at = random.Next(Math.Min(damaged.Length, name == DataFile && round % 2 == 0 ? 36 : damaged.Length));
            var span = damaged.AsSpan(at, Math.Min(random.Next(1, 17), damaged.Length - at));
            if (round % 3 == 0)
            {
                span.Fill((byte)(round % 6 == 0 ? 0x00 : 0xFF));
            }
            else
            {
                random.NextBytes(span);
            }

            // Up to 16 bytes can straddle the boundary of two slots, and so damage two vectors.
            _ = OpenDamaged(files, name, damaged, $"{name} round {round}, {span.Length} bytes at {at}", maxDamaged: 2);
        }
    }

    [Theory]
    [MemberData(nameof(EveryFile))]
    public void Every_truncation_is_detected_or_harmless(string name, bool afterKill)
    {
        var files = afterKill ? Killed : Closed;
        var pristine = files.Bytes(name);
        var lengths = name == DataFile
            ? Enumerable.Range(0, 40).Concat(Enumerable.Range(4090, pristine.Length - 4090))
            : Enumerable.Range(0, pristine.Length);
        foreach (var length in lengths)
        {
            _ = OpenDamaged(files, name, pristine[..length], $"{name} cut to {length} bytes");
        }
    }

    /// <summary>The store the exhaustive damage starts from, as a kill left it (captured on first use).</summary>
    private StoreFiles Killed => _killed ??= StoreFiles.Capture(_dir.Next("killed"), Dim, Steps(), asAfterKill: true);

    /// <summary>The same steps, in a store closed cleanly.</summary>
    private StoreFiles Closed => _closed ??= StoreFiles.Capture(_dir.Next("closed"), Dim, Steps(), asAfterKill: false);

    private static List<WorkOp> Steps() =>
    [
        new(WorkKind.Put, [1, 2, 3], 1),
        new(WorkKind.Put, [2], 2),
        new(WorkKind.Delete, [3]),
        new(WorkKind.Put, [4, 5], 3),
    ];

    /// <summary>A small closed store at the directory's store path, for the single, targeted damages.</summary>
    private void CreateClosedStore()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim);
        store.StoreBatch([1, 2, 3], Vectors.Batch([1, 2, 3], Dim));
    }

    /// <summary>Opens the store with one file damaged; returns what happened, failing on anything the promise rules out.</summary>
    private string OpenDamaged(StoreFiles files, string name, byte[] damaged, string what, int maxDamaged = 1)
    {
        var directory = files.Lay(_dir.Next("d"), name, damaged);
        var path = Path.Combine(directory, name);
        try
        {
            return Watchdog.Run(() =>
            {
                MmapVectorStore store;
                try
                {
                    store = MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
                }
                catch (StoreCorruptedException e)
                {
                    Assert.True(e.FilePath == path, $"{what}: the error names {e.FilePath}, not the damaged {path}: {e.Message}");
                    Assert.True(e.Offset >= 0 && e.Offset <= Math.Max(damaged.Length, files.Length(name)), $"{what}: offset {e.Offset} is outside the file: {e.Message}");
                    return "detected";
                }
                catch (Exception e)
                {
                    throw new FaultCheckException($"{what}: opening threw {e.GetType().Name}, not StoreCorruptedException: {e}");
                }

                using (store)
                {
                    return CheckOpened(store, files, name, what, maxDamaged);
                }
            }, what);
        }
        finally
        {
            TempStoreDirectory.Remove(directory);
        }
    }

    private static string CheckOpened(MmapVectorStore store, StoreFiles files, string name, string what, int maxDamaged)
    {
        if (name != DataFile)
        {
            // A damaged log or index that still opens must show a prefix of the steps, every vector whole.
            var actual = StoreModel.ReadFrom(store, files.History.Writers);
            _ = files.History.Match(actual, 0) ?? throw new FaultCheckException($"{what}: opened to a state no prefix of the log explains");
            return "opened";
        }

        // A flipped slot is reported when its vector is read and by Verify; every other vector is whole.
        var corrupted = 0;
        var expected = files.History.StateAt(files.History.Count);
        foreach (var (id, version) in expected.Versions)
        {
            try
            {
                var vector = store.Retrieve(id) ?? throw new FaultCheckException($"{what}: vector {id} is missing");
                Assert.True(Payload.Decode(id, vector) == version, $"{what}: vector {id} reads back changed without an error");
            }
            catch (StoreCorruptedException)
            {
                corrupted++;
            }
        }

        Assert.True(corrupted <= maxDamaged, $"{what}: the damage reached {corrupted} vectors, more than the {maxDamaged} it touches");
        var verify = Record.Exception(() => store.Verify());
        Assert.True(verify is null == (corrupted == 0), $"{what}: Verify {(verify is null ? "passed" : "failed")} but {corrupted} vectors are damaged");
        Assert.True(verify is null or StoreCorruptedException, $"{what}: Verify threw {verify?.GetType().Name}");
        return corrupted == 0 ? "opened" : "detected-on-read";
    }

    private static IEnumerable<int> Sampled(int from, int to, int count)
    {
        var random = new Random(from ^ to);
        return Enumerable.Range(0, Soak.Enabled ? to - from : count).Select(_ => random.Next(from, to));
    }
}
