using System.Security.Cryptography;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.Tests.Support;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine.Tests.Corruption;

/// <summary>
/// A deterministic mutation fuzzer over the header, index and log readers (fixed seed, bounded
/// iterations; VELESDB_SOAK=1 or VELESDB_FUZZ_ITERATIONS for more), seeded with valid files of
/// stores that were closed and of stores that were killed with records in their log, with and
/// without text keys and attributes. Each input
/// must give a StoreCorruptedException or a sound result, never any other exception; the
/// full open path gets a share of the inputs on real files. Inputs that broke a reader once are
/// kept in <see cref="FuzzRegressions"/> and replayed first. Every failure is collected, its input written
/// out and named, so one bug cannot hide another. (The coverage-guided twin, SharpFuzz with
/// AFL++, is tests/VelesDb.Fuzz.)
/// </summary>
public sealed class FuzzTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();
    private readonly Dictionary<string, List<byte[]>> _seeds = [];

    public FuzzTests()
    {
        var ops = new List<WorkOp>
        {
            new(WorkKind.Put, [1, 2, 3], 1),
            new(WorkKind.Delete, [2]),
            new(WorkKind.Put, [4, 5, 1], 2),
        };
        foreach (var files in new[] { StoreFiles.Capture(_dir.Next("closed"), Dim, ops, false), StoreFiles.Capture(_dir.Next("killed"), Dim, ops, true) })
        {
            foreach (var name in files.Names)
            {
                var key = name.EndsWith(".dat", StringComparison.Ordinal) ? "data" : name;
                var bytes = files.Bytes(name);
                (_seeds.TryGetValue(key, out var list) ? list : _seeds[key] = []).Add(key == "data" ? bytes[..Math.Min(bytes.Length, 4096 + 256)] : bytes);
            }
        }

        AddRecordSeeds();
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Seeds of stores holding records: text keys, attributes, attribute sets and deletes by key, closed and as a kill leaves them.</summary>
    private void AddRecordSeeds()
    {
        foreach (var killed in new[] { false, true })
        {
            var directory = _dir.Next(killed ? "records-killed" : "records-closed");
            var store = MmapVectorStore.Create(directory, Dim);
            using (var scope = ((IVectorStore)store).BeginWrite())
            {
                scope.Add(RecordKey.FromText("doc-1"), Vectors.For(1, Dim), RecordAttributes.FromJson("""{"n":1,"tags":["a","b"],"o":{"p":null}}"""));
                scope.Add(7, Vectors.For(7, Dim), RecordAttributes.FromJson("""{"name":"seven"}"""));
                scope.Add(RecordKey.FromText("doc-2"), Vectors.For(2, Dim), null);
                scope.Commit();
                _ = scope.SetAttributes(RecordKey.FromText("doc-2"), RecordAttributes.FromJson("""{"x":true}"""));
                scope.Remove(RecordKey.FromText("doc-1"));
                scope.Remove(9);
            }

            var source = killed ? _dir.SnapshotAsAfterKill(directory) : directory;
            store.Dispose();
            foreach (var name in new[] { StorePaths.IndexFileName, StorePaths.WalFileName })
            {
                _seeds[name].Add(File.ReadAllBytes(Path.Combine(source, name)));
            }
        }
    }

    [Theory]
    [InlineData(StorePaths.IndexFileName)]
    [InlineData(StorePaths.WalFileName)]
    [InlineData("header")]
    public void Mutated_files_only_ever_give_StoreCorruptedException_or_a_sound_result(string target)
    {
        var seeds = target == "header" ? [.. _seeds["data"], .. _seeds[StorePaths.IndexFileName], .. _seeds[StorePaths.WalFileName]] : _seeds[target];
        var random = new Random(20261125 ^ target.Length);
        var failures = new Dictionary<string, string>();
        foreach (var input in FuzzRegressions.For(target))
        {
            Check(target, input, failures);
        }

        var iterations = Soak.Count("VELESDB_FUZZ_ITERATIONS", 20_000, 2_000_000);
        for (var i = 0; i < iterations; i++)
        {
            var seed = seeds[random.Next(seeds.Count)];
            var name = target == "header" ? StorePaths.WalFileName : target;
            Check(target, Mutator.Mutate(seed, seeds, random, name), failures);
        }

        Assert.True(failures.Count == 0, $"{failures.Count} distinct failures:\n{string.Join("\n", failures.Values)}");
    }

    [Fact]
    public void Mutated_stores_open_through_the_public_path_or_say_they_are_corrupted()
    {
        var random = new Random(11);
        var failures = new Dictionary<string, string>();
        var iterations = Soak.Count("VELESDB_FUZZ_OPENS", 600, 50_000);
        string[] names = [StorePaths.IndexFileName, StorePaths.WalFileName, "vectors.000001.dat"];
        var killed = StoreFiles.Capture(_dir.Next("source"), Dim, [new(WorkKind.Put, [1, 2, 3], 1), new(WorkKind.Delete, [2]), new(WorkKind.Put, [7], 2)], true);
        var regressions = FuzzRegressions.For("open-" + StorePaths.IndexFileName).ToList();
        for (var i = -regressions.Count; i < iterations; i++)
        {
            var name = i < 0 ? StorePaths.IndexFileName : names[i % names.Length];
            var pristine = killed.Bytes(name);
            var mutated = i < 0 ? Sealed(regressions[regressions.Count + i]) : Mutator.Mutate(name.EndsWith(".dat", StringComparison.Ordinal) ? pristine[..Math.Min(pristine.Length, 8192)] : pristine, [pristine], random, name);
            var directory = killed.Lay(_dir.Next("o"), name, mutated);
            if (name.EndsWith(".dat", StringComparison.Ordinal) && mutated.Length >= 8192)
            {
                // The rest of the data file is holes: put the length back without writing 16 MiB.
                using var data = new FileStream(Path.Combine(directory, name), FileMode.Open);
                data.SetLength(Math.Max(data.Length, pristine.Length));
            }

            try
            {
                var e = Watchdog.Run(() => Record.Exception(() =>
                {
                    using var store = MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
                    foreach (var id in store.Ids())
                    {
                        try
                        {
                            _ = store.Retrieve(id);
                        }
                        catch (StoreCorruptedException)
                        {
                        }
                    }
                }), $"open #{i}");
                if (e is not null and not StoreCorruptedException)
                {
                    Keep(failures, "open-" + name, mutated, e);
                }
            }
            finally
            {
                TempStoreDirectory.Remove(directory);
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} distinct failures:\n{string.Join("\n", failures.Values)}");
    }

    private static byte[] Sealed(byte[] index)
    {
        Forge.SealIndex(index);
        return index;
    }

    private static void Check(string target, byte[] input, Dictionary<string, string> failures)
    {
        try
        {
            switch (target)
            {
                case "header":
                    _ = FileHeader.Read(input, input.Length > 5 && input[5] == (byte)'W' ? FileHeader.WalMagic : input.Length > 5 && input[5] == (byte)'I' ? FileHeader.IndexMagic : FileHeader.DataMagic, "fuzz");
                    break;
                case StorePaths.IndexFileName:
                    var fs = new MemoryFileSystem();
                    fs.Put("/fuzz/vectors.idx", input);
                    var (header, index) = IndexCheckpoint.Read(fs, "/fuzz/vectors.idx");
                    if (index.Count > index.HighWater || header.Dimension < 1)
                    {
                        throw new FaultCheckException($"an index that cannot be: {index.Count} entries in {index.HighWater} slots");
                    }

                    break;
                default:
                    var walFs = new MemoryFileSystem();
                    walFs.Put("/fuzz/vectors.wal", input);
                    using (var wal = WriteAheadLog.Open(walFs, "/fuzz/vectors.wal", out var records))
                    {
                        var expected = wal.Header.Sequence;
                        foreach (var record in records)
                        {
                            if (record.Sequence != ++expected)
                            {
                                throw new FaultCheckException("the log handed out a record out of sequence");
                            }
                        }

                        if (wal.Length > input.Length)
                        {
                            throw new FaultCheckException("the log's valid length is past its end");
                        }
                    }

                    break;
            }
        }
        catch (StoreCorruptedException)
        {
        }
        catch (Exception e)
        {
            Keep(failures, target, input, e);
        }
    }

    /// <summary>Records one failure per kind (exception type and where it was thrown), with its input written out.</summary>
    private static void Keep(Dictionary<string, string> failures, string target, byte[] input, Exception e)
    {
        var where = e.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("VelesDb.Engine.", StringComparison.Ordinal) && !l.Contains(".Tests.", StringComparison.Ordinal))?.Trim() ?? "?";
        var key = $"{target} {e.GetType().Name} {where}";
        if (failures.ContainsKey(key))
        {
            return;
        }

        var file = Path.Combine(Path.GetTempPath(), "velesdb-fuzz-failures", $"{target}-{Convert.ToHexString(SHA256.HashData(input))[..16].ToLowerInvariant()}.bin");
        _ = Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, input);
        var hex = input.Length <= 2048 ? $"; hex for FuzzRegressions.cs: {Convert.ToHexString(input).ToLowerInvariant()}" : string.Empty;
        failures[key] = $"{key}: {e.Message} (input: {file}{hex})";
    }

}
