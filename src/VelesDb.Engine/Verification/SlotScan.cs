using System.Runtime.CompilerServices;
using System.Text;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Verification;

/// <summary>
/// Checks every live record of one generation against its data file, and keeps going past damage:
/// the slot lies within the file, no other record has it, its bytes match their checksum, it holds
/// the id of the record's key (an integer key's number, or <see cref="RecordMeta.SlotIdOf"/> of a
/// text key), and the record's attributes parse. Slots are written once and never changed while
/// their generation lives, so a mismatch is damage, never a write in progress; records written
/// while the scan runs may or may not be checked, as a concurrent reader may or may not see them.
/// </summary>
internal sealed class SlotScan
{
    /// <summary>Slots are checked in blocks of this many 64-slot words; progress and cancellation between blocks.</summary>
    private const int WordsPerBlock = 1024;

    /// <summary>Cores a check uses at most: a scan of memory-mapped pages gains little beyond a few.</summary>
    private const int MaxThreads = 4;

    private readonly Generation _generation;
    private readonly SlotLayout _layout;
    private readonly List<StoreDamage> _damage = [];
    private readonly List<DamagedSlot> _damagedSlots = [];
    private readonly HashSet<long> _failed = [];
    private List<long>? _namedTwice;

    /// <summary>The range of slots being checked: first slot, and per slot of it the id the index says it holds.</summary>
    private long _first;
    private ulong[] _expected = [];

    /// <summary>Per slot of the range: a record names it; the record has a text key.</summary>
    private ulong[] _named = [];
    private ulong[] _textNamed = [];

    /// <summary>The data file's length as last asked: asking the file costs a system call, so only again when a slot lies past it.</summary>
    private long _dataLength;

    private SlotScan(Generation generation)
    {
        _generation = generation;
        _layout = generation.Data.Layout;
        _dataLength = generation.Data.Length;
    }

    /// <summary>Live records read and checked.</summary>
    public long Checked { get; private set; }

    /// <summary>What was found, in the order found.</summary>
    public IReadOnlyList<StoreDamage> Damage => _damage;

    /// <summary>The damaged records and their slots, for a repair.</summary>
    public IReadOnlyList<DamagedSlot> DamagedSlots => _damagedSlots;

    /// <summary>
    /// Scans <paramref name="generation"/> through <paramref name="region"/>, a pinned mapping of its
    /// data file, which may be swapped for a larger one when the file grew since the pin: the caller
    /// releases whichever region it holds at the end. <paramref name="slotsPerRange"/>: slots
    /// checked per walk of the index; the ids expected of a range cost 8 bytes a slot, so a store
    /// of more slots is checked range by range.
    /// </summary>
    /// <remarks>
    /// The data file is read in file order, at the speed of a sequential scan, whatever order the
    /// index keeps its keys in. For each range of slots, a walk of the index notes which slots
    /// records name, with the id each must hold (and which are named twice or out of range); then
    /// the named slots are read in ascending order and checked against that. Only the slots that
    /// fail are looked at again, record by record, for the exact damage: a slot that no record
    /// names by then was overwritten or deleted meanwhile, which is no damage.
    /// </remarks>
    // Compiled fully optimized at once: a script's pwsh is often gone before tiered compilation
    // has optimized a loop that runs once per store.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SlotScan Run(Generation generation, ref MappedRegion region, int slotsPerRange, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var scan = new SlotScan(generation);
        var index = generation.Index;
        var highWater = index.HighWater;
        var total = Math.Max(1, index.Count);
        for (var first = 0L; first == 0 || first < highWater; first += slotsPerRange)
        {
            scan.BeginRange(first, Math.Min(slotsPerRange, Math.Max(0, highWater - first)));
            scan.NameIntegerKeys(index.TablePositions, reportOutOfRange: first == 0);
            foreach (var (text, slot) in index.TextEntries)
            {
                scan.Name(RecordKey.FromStoredText(text), slot, RecordMeta.SlotIdOf(Encoding.UTF8.GetBytes(text)), reportOutOfRange: first == 0);
            }

            scan.CheckRange(region, total, progress, cancellationToken);
        }

        if (scan._failed.Count > 0)
        {
            foreach (var (key, slot, slotId) in LiveRecords(index))
            {
                if (scan._failed.Contains(slot))
                {
                    scan.Check(key, slot, slotId, ref region);
                }
            }
        }

        scan.ReportSlotsNamedTwice();
        return scan;
    }

    private void BeginRange(long first, long slots)
    {
        _first = first;
        _expected = new ulong[slots];
        _named = new ulong[(slots + 63) >> 6];
        _textNamed = new ulong[_named.Length];
    }

    /// <summary>As <see cref="Name"/> for every live position of the id table: a loop over its array, not an enumerator per key.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void NameIntegerKeys(SlotTable.Entry[] positions, bool reportOutOfRange)
    {
        for (var i = 0; i < positions.Length; i++)
        {
            var slot = Volatile.Read(ref positions[i].Slot);
            if (slot < SlotTable.Deleted)
            {
                var id = positions[i].Key;
                Name(RecordKey.FromNumber(id), slot, id, reportOutOfRange);
            }
        }
    }

    /// <summary>Notes that a record names <paramref name="slot"/>, which must hold <paramref name="slotId"/>; a slot out of range is reported once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Name(RecordKey key, long slot, ulong slotId, bool reportOutOfRange)
    {
        if (slot < 0 || slot >= _generation.Index.HighWater)
        {
            if (reportOutOfRange)
            {
                Checked++;
                Add(key, slot, _generation.Data.Path, slot >= 0 ? _layout.OffsetOf(slot) : 0, DamageKind.SlotOutOfRange,
                    $"the index gives record {Named(key)} slot {slot}, which the data file does not have ({_generation.Index.HighWater} slots handed out).");
            }

            return;
        }

        var at = slot - _first;
        if ((ulong)at >= (ulong)_expected.Length)
        {
            // Another range's, or handed out after the scan began (checked or not, as a concurrent reader would see it).
            return;
        }

        var mask = 1UL << (int)(at & 63);
        if ((_named[at >> 6] & mask) != 0)
        {
            (_namedTwice ??= []).Add(slot);
            return;
        }

        _named[at >> 6] |= mask;
        _expected[at] = slotId;
        if (key.IsText)
        {
            _textNamed[at >> 6] |= mask;
        }
    }

    /// <summary>
    /// Checks every named slot of the range in file order, a block at a time, each block split
    /// among the cores; the slots that do not match go to <see cref="_failed"/>. Progress and
    /// cancellation between blocks, on the calling thread.
    /// </summary>
    private void CheckRange(MappedRegion region, long total, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var threads = Math.Max(1, Math.Min(Environment.ProcessorCount, MaxThreads));
        var failed = new List<long>[threads];
        for (var t = 0; t < threads; t++)
        {
            failed[t] = [];
        }

        for (var block = 0; block < _named.Length; block += WordsPerBlock)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var end = Math.Min(_named.Length, block + WordsPerBlock);
            var firstSlot = _first + ((long)block << 6);
            region.PrepareScan(_layout.OffsetOf(firstSlot), (long)(end - block) * 64 * _layout.SlotSize);
            var checkedInBlock = 0L;
            if (threads == 1 || end - block < threads)
            {
                checkedInBlock = CheckWords(block, end, region, failed[0]);
            }
            else
            {
                var share = (end - block + threads - 1) / threads;
                var counts = new long[threads];
                _ = Parallel.For(0, threads, t => counts[t] = CheckWords(block + (t * share), Math.Min(end, block + ((t + 1) * share)), region, failed[t]));
                checkedInBlock = counts.Sum();
            }

            Checked += checkedInBlock;
            progress?.Report(Math.Min(0.99, (double)Checked / total));
        }

        foreach (var slots in failed)
        {
            _failed.UnionWith(slots);
        }
    }

    /// <summary>Checks the named slots of words [<paramref name="from"/>, <paramref name="to"/>) of the range; returns how many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private long CheckWords(int from, int to, MappedRegion region, List<long> failed)
    {
        var count = 0L;
        for (var word = from; word < to; word++)
        {
            var bits = _named[word];
            while (bits != 0)
            {
                var at = ((long)word << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                var text = (_textNamed[word] & (bits & (0UL - bits))) != 0;
                bits &= bits - 1;
                count++;
                if (!SlotMatches(_first + at, _expected[at], text, region))
                {
                    failed.Add(_first + at);
                }
            }
        }

        return count;
    }

    /// <summary>
    /// True when the slot lies in <paramref name="region"/>, matches its checksum and holds <paramref name="slotId"/>,
    /// its metadata names a text key exactly when <paramref name="text"/> says the record has one
    /// (the key whose id the slot holds), and its attributes parse.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool SlotMatches(long slot, ulong slotId, bool text, MappedRegion region)
    {
        var offset = _layout.OffsetOf(slot);
        if (offset + _layout.SlotSize > region.Length)
        {
            // Written after the pin, into space the file grew by since, or past the file's end:
            // the record-by-record look that follows reads it through a larger mapping or reports it.
            return false;
        }

        var bytes = region.Bytes(offset, _layout.SlotSize);
        if (SlotLayout.ReadId(bytes) != slotId || _layout.ComputeChecksum(bytes) != SlotLayout.ReadChecksum(bytes))
        {
            return false;
        }

        var meta = _generation.Index.MetaAt(slot);
        if (text && (meta?.TextKey is null || RecordMeta.SlotIdOf(meta.KeyUtf8) != slotId))
        {
            return false;
        }

        return meta?.Attributes is not { } attributes || RecordMeta.TryDecodeAttributes(attributes.Utf8.Span, out _);
    }

    /// <summary>Every live record: its key, its slot, and the id its slot must hold.</summary>
    private static IEnumerable<(RecordKey Key, long Slot, ulong SlotId)> LiveRecords(SlotIndex index)
    {
        foreach (var (id, slot) in index.Entries)
        {
            yield return (RecordKey.FromNumber(id), slot, id);
        }

        foreach (var (text, slot) in index.TextEntries)
        {
            // From the key the index maps, not from the slot's metadata: metadata that names
            // another key is damage to find, not to trust.
            yield return (RecordKey.FromStoredText(text), slot, RecordMeta.SlotIdOf(Encoding.UTF8.GetBytes(text)));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Check(RecordKey key, long slot, ulong slotId, ref MappedRegion region)
    {
        var data = _generation.Data;
        var offset = slot >= 0 ? _layout.OffsetOf(slot) : -1;
        if (slot >= 0 && offset + _layout.SlotSize > _dataLength)
        {
            // Past the length seen so far: the file may have grown since.
            _dataLength = data.Length;
        }

        if (slot < 0 || slot >= _generation.Index.HighWater || offset + _layout.SlotSize > _dataLength)
        {
            Add(key, slot, data.Path, Math.Max(0, offset), DamageKind.SlotOutOfRange,
                $"the index gives record {Named(key)} slot {slot}, which the data file does not have ({_generation.Index.HighWater} slots handed out).");
            return;
        }

        if (offset + _layout.SlotSize > region.Length)
        {
            // Written after the pin, into space the file grew by since: read it through the larger mapping.
            if (data.AcquireRegion() is not { } larger)
            {
                // A compaction has retired this file since, and checked and copied the slot into the next one.
                return;
            }

            region.Release();
            region = larger;
        }

        var bytes = region.Bytes(offset, _layout.SlotSize);
        if (_layout.ComputeChecksum(bytes) != SlotLayout.ReadChecksum(bytes))
        {
            Add(key, slot, data.Path, offset, DamageKind.SlotChecksum,
                $"the slot of record {Named(key)} does not match its checksum (bit rot or an outside write).");
            return;
        }

        if (SlotLayout.ReadId(bytes) != slotId)
        {
            Add(key, slot, data.Path, offset, DamageKind.SlotKey,
                $"the slot of record {Named(key)} is intact but holds id {SlotLayout.ReadId(bytes)}, which is not this record's.");
            return;
        }

        CheckMeta(key, slot, offset);
    }

    private void CheckMeta(RecordKey key, long slot, long offset)
    {
        var meta = _generation.Index.MetaAt(slot);
        if (key.IsText && !string.Equals(meta?.TextKey, key.Text, StringComparison.Ordinal))
        {
            Add(key, slot, _generation.Data.Path, offset, DamageKind.SlotKey,
                $"the index gives record {Named(key)} a slot whose metadata names {(meta?.TextKey is { } other ? $"'{other}'" : "no text key")}.");
            return;
        }

        if (meta?.Attributes is { } attributes && !RecordMeta.TryDecodeAttributes(attributes.Utf8.Span, out _))
        {
            Add(key, slot, _generation.Data.Path, offset, DamageKind.Attributes,
                $"the attributes of record {Named(key)} are not one valid JSON object within the limits.");
        }
    }

    /// <summary>Every record of a slot that more than one record names, found in a second pass (rare, so cheap).</summary>
    private void ReportSlotsNamedTwice()
    {
        if (_namedTwice is null)
        {
            return;
        }

        var shared = _namedTwice.ToHashSet();
        foreach (var (key, slot, _) in LiveRecords(_generation.Index))
        {
            if (shared.Contains(slot) && !_damagedSlots.Contains(new DamagedSlot(key, slot)))
            {
                Add(key, slot, _generation.Data.Path, _layout.OffsetOf(slot), DamageKind.SlotNamedTwice,
                    $"the index gives slot {slot} to record {Named(key)} and to another record.");
            }
        }
    }

    private void Add(RecordKey key, long slot, string path, long offset, DamageKind kind, string problem)
    {
        _damage.Add(new StoreDamage(key, path, offset, kind, problem));
        _damagedSlots.Add(new DamagedSlot(key, slot));
    }

    private static string Named(RecordKey key) => key.IsText ? $"'{key.Text}'" : key.ToString();
}
