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
    /// <summary>Progress is reported (and cancellation checked) once per this many records.</summary>
    private const int ReportEvery = 4096;

    private readonly Generation _generation;
    private readonly SlotLayout _layout;
    private readonly List<StoreDamage> _damage = [];
    private readonly List<DamagedSlot> _damagedSlots = [];
    private ulong[] _seen;
    private List<long>? _namedTwice;

    /// <summary>The data file's length as last asked: asking the file costs a system call, so only again when a slot lies past it.</summary>
    private long _dataLength;

    private SlotScan(Generation generation)
    {
        _generation = generation;
        _layout = generation.Data.Layout;
        _seen = new ulong[(generation.Index.HighWater + 63) >> 6];
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
    /// releases whichever region it holds at the end.
    /// </summary>
    // Compiled fully optimized at once: a script's pwsh is often gone before tiered compilation
    // has optimized a loop that runs once per store.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static SlotScan Run(Generation generation, ref MappedRegion region, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var scan = new SlotScan(generation);
        var index = generation.Index;
        var total = Math.Max(1, index.Count);
        foreach (var (key, slot, slotId) in LiveRecords(index))
        {
            scan.Check(key, slot, slotId, ref region);
            if (scan.Checked % ReportEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(Math.Min(0.99, (double)scan.Checked / total));
            }
        }

        scan.ReportSlotsNamedTwice();
        return scan;
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
        Checked++;
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

        MarkSeen(slot);
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

    private void MarkSeen(long slot)
    {
        if ((slot >> 6) >= _seen.Length)
        {
            // A slot handed out after the scan began.
            Array.Resize(ref _seen, (int)Math.Max((slot >> 6) + 1, _seen.Length * 2L));
        }

        var mask = 1UL << (int)(slot & 63);
        if ((_seen[slot >> 6] & mask) != 0)
        {
            (_namedTwice ??= []).Add(slot);
        }

        _seen[slot >> 6] |= mask;
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
