using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;
using static VelesDb.Engine.Tests.Records.RecordWorkload;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// Damage to the bytes records added (see <see cref="RecordBitFlipFiles"/> for the store). Every
/// bit of a closed store's index record section flipped, and the index cut at every offset within
/// it: opening must fail with a <see cref="StoreCorruptedException"/> naming the index and an
/// offset in it, as there is nothing else to recover the keys and attributes from. Every bit of
/// the log records that carry keys and attributes flipped, and the log cut within each of them (a
/// dense sample of both in the normal run, every bit and offset with VELESDB_SOAK=1): a flip either fails with a <see cref="StoreCorruptedException"/>
/// naming the log and an offset inside the damaged record (synced records follow it), or the
/// store opens holding exactly the steps before that record; a cut opens holding exactly the
/// steps whose records are whole. Never another exception, a hang, or a record whose key,
/// vector or attributes are not what an acknowledged step wrote.
/// </summary>
public sealed class RecordBitFlipTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>In the normal run, one bit in this many of a log record's keys and attributes is flipped.</summary>
    private const int MetaStride = 5;

    /// <summary>In the normal run, one bit in this many of a log record's entries and inline slots is flipped.</summary>
    private const int EntryStride = 23;

    /// <summary>In the normal run, the log is cut at one offset in this many within a log record's entries and inline slots.</summary>
    private const int EntryCutStride = 5;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Every_bit_flip_in_the_index_record_section_is_reported_as_corruption_of_the_index()
    {
        var files = RecordBitFlipFiles.Capture(_dir.Next("closed"), Durability.Full, asAfterKill: false);
        var pristine = files.Bytes(StorePaths.IndexFileName);
        var start = files.RecordSectionStart;
        Assert.True(Same(files.States[^1], Opened(files, StorePaths.IndexFileName, pristine, "the undamaged index")), "the undamaged store does not hold the script's records");
        Assert.True(pristine.Length - start > 24 + 100, $"the index's record section holds only {pristine.Length - start} bytes: the records did not reach the checkpoint");
        for (var bit = start * 8; bit < pristine.Length * 8L; bit++)
        {
            var damaged = (byte[])pristine.Clone();
            damaged[bit / 8] ^= (byte)(1 << (int)(bit % 8));
            AssertDetected(files, StorePaths.IndexFileName, damaged, 0, pristine.Length, $"index bit {bit} (byte {bit / 8}, section from {start})");
        }

        output.WriteLine($"{(pristine.Length - start) * 8} bit flips in the {pristine.Length - start}-byte record section, every one reported");
    }

    [Fact]
    public void Every_cut_of_the_index_within_its_record_section_is_reported_as_corruption_of_the_index()
    {
        var files = RecordBitFlipFiles.Capture(_dir.Next("closed"), Durability.Full, asAfterKill: false);
        var pristine = files.Bytes(StorePaths.IndexFileName);
        for (var length = files.RecordSectionStart; length < pristine.Length; length++)
        {
            AssertDetected(files, StorePaths.IndexFileName, pristine[..(int)length], 0, pristine.Length, $"index cut to {length} bytes");
        }
    }

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void A_bit_flip_anywhere_in_a_log_record_of_keys_and_attributes_is_reported_or_drops_that_record_and_the_ones_after(Durability durability)
    {
        var files = RecordBitFlipFiles.Capture(_dir.Next("killed"), durability, asAfterKill: true);
        var pristine = files.Bytes(StorePaths.WalFileName);
        var records = files.LogRecords;
        Assert.Equal(files.States.Count - 1, records.Count);
        Assert.True(Same(files.States[^1], Opened(files, StorePaths.WalFileName, pristine, "the undamaged log")), "the undamaged store does not hold the script's records");
        var detected = 0;
        var flips = 0;
        for (var k = 0; k < records.Count; k++)
        {
            var (start, end, metaStart) = records[k];
            foreach (var bit in Sampled(start, end, metaStart, durability == Durability.Full ? 1 : 3))
            {
                var damaged = (byte[])pristine.Clone();
                damaged[bit / 8] ^= (byte)(1 << (bit % 8));
                var what = $"{durability} log bit {bit} (byte {bit / 8} of record {k}, bytes {start} to {end}, keys and attributes from {metaStart})";
                if (OpenedOrDetected(files, damaged, start, end, what) is { } state)
                {
                    Assert.True(Same(files.States[k], state), $"{what}: the store opened, but not to the {k} steps before the damaged record: {Differences(files.States[k], state)}");
                }
                else
                {
                    detected++;
                }

                flips++;
            }
        }

        output.WriteLine($"{durability}: {flips} bit flips in {records.Count} log records ({pristine.Length} bytes): {detected} reported, {flips - detected} dropped the damaged record and those after it");
        if (durability == Durability.Full)
        {
            // Every record is synced before the next is written, so damage to one before the last is damage to acknowledged data.
            Assert.True(detected > 0, "no flip in a synced record followed by synced records was reported");
        }
    }

    [Theory]
    [InlineData(Durability.Full)]
    [InlineData(Durability.Process)]
    public void A_cut_of_the_log_anywhere_in_its_records_keeps_exactly_the_steps_whose_records_are_whole(Durability durability)
    {
        var files = RecordBitFlipFiles.Capture(_dir.Next("killed"), durability, asAfterKill: true);
        var pristine = files.Bytes(StorePaths.WalFileName);
        var records = files.LogRecords;
        var sparser = durability == Durability.Full ? 1 : 3;
        foreach (var length in records.SelectMany(r => Cuts(r.Start, r.End, r.MetaStart, sparser)))
        {
            var whole = records.Count(r => r.End <= length);
            var what = $"{durability} log cut to {length} bytes ({whole} whole records)";
            var state = Opened(files, StorePaths.WalFileName, pristine[..(int)length], what);
            Assert.True(Same(files.States[whole], state), $"{what}: the store does not hold the first {whole} steps: {Differences(files.States[whole], state)}");
        }
    }

    /// <summary>
    /// The bits of one log record to flip: when soaking every one; otherwise every bit of its
    /// length, checksum and kind byte, one in <see cref="MetaStride"/> of its keys and attributes
    /// and one in <see cref="EntryStride"/> of the rest (its entries and inline slots), each
    /// stride times <paramref name="sparser"/> (strides co-prime with 8 reach every bit position).
    /// </summary>
    private static IEnumerable<int> Sampled(long start, long end, long metaStart, int sparser)
    {
        for (var bit = (int)start * 8; bit < end * 8; bit++)
        {
            var at = bit / 8;
            var stride = at < start + 8 || at == start + 16 ? 1 : at >= metaStart ? MetaStride : EntryStride;
            if (Soak.Enabled || bit % (stride * sparser) == 0)
            {
                yield return bit;
            }
        }
    }

    /// <summary>
    /// The lengths to cut the log to within one log record: when soaking every one; otherwise
    /// every one within its head (frame and payload) and its keys and attributes, and one in
    /// <see cref="EntryCutStride"/> within its entries and inline slots, each stride times <paramref name="sparser"/>.
    /// </summary>
    private static IEnumerable<long> Cuts(long start, long end, long metaStart, int sparser)
    {
        for (var at = start; at < end; at++)
        {
            var stride = at < start + 21 || at >= metaStart ? 1 : EntryCutStride;
            if (Soak.Enabled || (at - start) % (stride * sparser) == 0)
            {
                yield return at;
            }
        }
    }

    /// <summary>Opens the store with one file replaced; what it holds, or a failure naming what happened instead.</summary>
    private Dictionary<RecordKey, Content> Opened(RecordBitFlipFiles files, string name, byte[] bytes, string what) =>
        Open(files, name, bytes, what) switch
        {
            (null, var state) => state!,
            (var e, _) => throw new FaultCheckException($"{what}: opening threw {e.GetType().Name}, where the store should open: {e}"),
        };

    /// <summary>A damaged log: null when opening reported corruption of the log inside the damaged record; otherwise what the store holds.</summary>
    private Dictionary<RecordKey, Content>? OpenedOrDetected(RecordBitFlipFiles files, byte[] damaged, long start, long end, string what)
    {
        var (e, state) = Open(files, StorePaths.WalFileName, damaged, what);
        if (e is null)
        {
            return state;
        }

        AssertCorruption(e, StorePaths.WalFileName, start, end, what);
        return null;
    }

    private void AssertDetected(RecordBitFlipFiles files, string name, byte[] damaged, long from, long to, string what)
    {
        var (e, state) = Open(files, name, damaged, what);
        if (e is null)
        {
            throw new FaultCheckException($"{what}: the store opened, holding {state!.Count} records, instead of reporting the damage");
        }

        AssertCorruption(e, name, from, to, what);
    }

    private static void AssertCorruption(Exception e, string name, long from, long to, string what)
    {
        if (e is not StoreCorruptedException corrupted)
        {
            throw new FaultCheckException($"{what}: opening threw {e.GetType().Name}, not StoreCorruptedException: {e}");
        }

        Assert.True(Path.GetFileName(corrupted.FilePath) == name, $"{what}: the error names {corrupted.FilePath}, not the damaged {name}: {e.Message}");
        Assert.True(corrupted.Offset >= from && corrupted.Offset <= to, $"{what}: the error names offset {corrupted.Offset}, outside {from} to {to}: {e.Message}");
    }

    /// <summary>Lays the files with one replaced and opens them: the exception opening threw, or the records the store holds, each read back whole.</summary>
    private (Exception? Error, Dictionary<RecordKey, Content>? State) Open(RecordBitFlipFiles files, string name, byte[] bytes, string what)
    {
        var directory = files.Lay(_dir.Next("d"), name, bytes);
        try
        {
            return Watchdog.Run<(Exception?, Dictionary<RecordKey, Content>?)>(() =>
            {
                MmapVectorStore store;
                try
                {
                    store = MmapVectorStore.Open(directory, new VectorStoreOptions { FileSystem = new FaultFileSystem() });
                }
                catch (Exception e)
                {
                    return (e, null);
                }

                using (store)
                {
                    try
                    {
                        return (null, ReadBack(store, files.States, what));
                    }
                    catch (Exception e) when (e is not FaultCheckException)
                    {
                        throw new FaultCheckException($"{what}: the store opened, then reading its records threw {e.GetType().Name}: {e.Message}");
                    }
                }
            }, what);
        }
        finally
        {
            TempStoreDirectory.Remove(directory);
        }
    }

    private static string Differences(Dictionary<RecordKey, Content> expected, Dictionary<RecordKey, Content> actual)
    {
        var differs = expected.Where(kv => !actual.TryGetValue(kv.Key, out var content) || content != kv.Value)
            .Select(kv => $"{kv.Key} is {(actual.TryGetValue(kv.Key, out var content) ? content.ToString() : "absent")}, expected {kv.Value}");
        var extra = actual.Keys.Where(key => !expected.ContainsKey(key)).Select(key => $"{key} not expected");
        return string.Join("; ", differs.Concat(extra).Take(5));
    }

    private static bool Same(Dictionary<RecordKey, Content> expected, Dictionary<RecordKey, Content> actual) =>
        expected.Count == actual.Count && expected.All(kv => actual.TryGetValue(kv.Key, out var content) && content == kv.Value);
}
