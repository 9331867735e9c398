using System.Numerics;
using VelesDb.Engine.Format;
using VelesDb.Engine.IO;
using VelesDb.Engine.Mapping;

namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// The int8 copy of one generation's vectors: loaded from its file (<see cref="QuantizedFile"/>) the
/// first time a search needs it, each live record checked against its f32 slot and made again when
/// it does not match; built from the f32 vectors when the file is missing or its header is not this
/// generation's; caught up with the slots written since whenever a search finds it behind. Writes
/// never wait for it. A file that cannot be read or written (a full disk, say) costs only the file:
/// the copy in memory is complete either way, and the next open checks whatever the file holds.
/// </summary>
internal sealed class QuantizedCopy(IStoreFileSystem fileSystem, string path, long generation, int dimension)
{
    /// <summary>The centre is the mean of up to this many live vectors, spread over the file.</summary>
    private const int CentreSample = 65_536;

    private readonly object _sync = new();
    private QuantizedRecords? _records;
    private bool _dropped;

    /// <summary>False once the file could not be read or written: the copy lives in memory only until the next open.</summary>
    private bool _fileUsable = true;

    public string Path { get; } = path;

    /// <summary>Bytes the copy holds in memory (0 until it is first needed).</summary>
    public long MemoryBytes => Volatile.Read(ref _records)?.Bytes ?? 0;

    /// <summary>
    /// The records, covering every slot handed out that <paramref name="region"/> (a pinned mapping of the
    /// generation's data file) holds; null once the copy is dropped.
    /// </summary>
    public QuantizedRecords? Current(Generation owner, MappedRegion region, IProgress<double>? progress = null)
    {
        var layout = owner.Data.Layout;
        var regionSlots = (region.Length - SlotLayout.DataStart) / layout.SlotSize;
        var records = Volatile.Read(ref _records);
        if (records is not null && records.Covered >= Math.Min(owner.Index.HighWater, regionSlots))
        {
            return records;
        }

        lock (_sync)
        {
            if (_dropped)
            {
                return null;
            }

            _records ??= LoadOrBuild(owner, region, regionSlots, progress);
            CatchUp(_records, owner, region, Math.Min(owner.Index.HighWater, regionSlots));
            progress?.Report(1.0);
            return _records;
        }
    }

    /// <summary>Forgets the copy and deletes its file (the setting was turned off, or the generation was replaced).</summary>
    public void Drop()
    {
        lock (_sync)
        {
            _dropped = true;
            Volatile.Write(ref _records, null);
            try
            {
                if (fileSystem.FileExists(Path))
                {
                    fileSystem.Delete(Path);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the next open, which deletes copies the settings do not ask for.
            }
        }
    }

    private QuantizedRecords LoadOrBuild(Generation owner, MappedRegion region, long regionSlots, IProgress<double>? progress)
    {
        var live = owner.Index.SnapshotLiveSlots(out var slots);
        slots = Math.Min(slots, regionSlots);
        return TryLoad(owner, region, live, slots) ?? Build(owner, region, live, slots, progress);
    }

    /// <summary>Reads the file and checks every live record against its f32 slot, making again the ones that do not match; null when the file is missing or not this generation's.</summary>
    private QuantizedRecords? TryLoad(Generation owner, MappedRegion region, ulong[] live, long slots)
    {
        var layout = owner.Data.Layout;
        try
        {
            if (!fileSystem.FileExists(Path))
            {
                return null;
            }

            using var file = fileSystem.Open(Path, create: false);
            var headerSize = QuantizedFile.HeaderSize(dimension);
            var header = new byte[headerSize];
            if (file.Read(header, 0) != headerSize || QuantizedFile.TryReadHeader(header, dimension, generation) is not { } centre)
            {
                return null;
            }

            var records = new QuantizedRecords(dimension, centre);
            var loaded = Math.Min(slots, Math.Max(0, (file.Length - headerSize) / records.RecordSize));
            records.EnsureRoom(loaded);
            for (var first = 0L; first < loaded;)
            {
                var count = QuantizedRecords.RunLength(first, loaded);
                var run = records.Run(first, count);
                if (file.Read(run, headerSize + (first * records.RecordSize)) != run.Length)
                {
                    return null;
                }

                first += count;
            }

            // Dead slots stay dead for the life of a generation, so only live records need to be sound.
            var repairStart = -1L;
            for (var slot = 0L; slot < loaded; slot++)
            {
                var bad = IsLive(live, slot) && !QuantizedFile.IsSound(records.Record(slot), slot, generation, SlotLayout.ReadChecksum(region.Bytes(layout.OffsetOf(slot), 4)));
                if (bad)
                {
                    Encode(records, owner, region, slot);
                    repairStart = repairStart < 0 ? slot : repairStart;
                }
                else if (repairStart >= 0)
                {
                    WriteRecords(records, repairStart, slot, file);
                    repairStart = -1;
                }
            }

            if (repairStart >= 0)
            {
                WriteRecords(records, repairStart, loaded, file);
            }

            records.Publish(loaded);
            return records;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Makes the copy from the f32 vectors: the centre from a sample of the live ones, then every live slot.</summary>
    private QuantizedRecords Build(Generation owner, MappedRegion region, ulong[] live, long slots, IProgress<double>? progress)
    {
        var records = new QuantizedRecords(dimension, Centre(owner, region, live, slots));
        records.EnsureRoom(slots);
        var header = QuantizedFile.EncodeHeader(dimension, generation, records.Centre);
        IStoreFile? file = null;
        try
        {
            file = Guard(() => fileSystem.Open(Path, create: true));
            Guard(() => file?.Write(header, 0));
            var lastReport = 0L;
            for (var first = 0L; first < slots;)
            {
                var count = QuantizedRecords.RunLength(first, slots);
                for (var slot = first; slot < first + count; slot++)
                {
                    if (IsLive(live, slot))
                    {
                        Encode(records, owner, region, slot);
                    }
                }

                WriteRecords(records, first, first + count, file);
                first += count;
                if (progress is not null && first - lastReport >= slots / 50)
                {
                    progress.Report(0.99 * first / slots);
                    lastReport = first;
                }
            }
        }
        finally
        {
            file?.Dispose();
        }

        records.Publish(slots);
        return records;
    }

    /// <summary>Makes the records of the slots written since the copy last looked, live or not (a scan may still see them live), and appends them to the file.</summary>
    private void CatchUp(QuantizedRecords records, Generation owner, MappedRegion region, long target)
    {
        var from = records.Covered;
        if (target <= from)
        {
            return;
        }

        records.EnsureRoom(target);
        for (var slot = from; slot < target; slot++)
        {
            Encode(records, owner, region, slot);
        }

        if (_fileUsable)
        {
            IStoreFile? file = null;
            try
            {
                file = Guard(() => fileSystem.FileExists(Path) ? fileSystem.Open(Path, create: false) : null);
                if (file is not null)
                {
                    for (var first = from; first < target;)
                    {
                        var count = QuantizedRecords.RunLength(first, target);
                        WriteRecords(records, first, first + count, file);
                        first += count;
                    }
                }
            }
            finally
            {
                file?.Dispose();
            }
        }

        records.Publish(target);
    }

    private void Encode(QuantizedRecords records, Generation owner, MappedRegion region, long slot)
    {
        var layout = owner.Data.Layout;
        var bytes = region.Bytes(layout.OffsetOf(slot), layout.SlotSize);
        QuantizedFile.Encode(records.Record(slot), slot, generation, SlotLayout.ReadChecksum(bytes), layout.Vector(bytes), records.Centre);
    }

    /// <summary>Writes the records of slots <paramref name="first"/> up to <paramref name="end"/> (in one chunk) to the file, if it is still usable.</summary>
    private void WriteRecords(QuantizedRecords records, long first, long end, IStoreFile? file)
    {
        if (file is null || !_fileUsable)
        {
            return;
        }

        for (var start = first; start < end;)
        {
            var count = QuantizedRecords.RunLength(start, end);
            var at = QuantizedFile.HeaderSize(dimension) + (start * records.RecordSize);
            try
            {
                file.Write(records.Run(start, count), at);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _fileUsable = false;
                return;
            }

            start += count;
        }
    }

    /// <summary>The mean of up to <see cref="CentreSample"/> live vectors, evenly spread; zero for an empty store.</summary>
    private static float[] Centre(Generation owner, MappedRegion region, ulong[] live, long slots)
    {
        var layout = owner.Data.Layout;
        var sum = new double[layout.Dimension];
        var liveCount = 0L;
        foreach (var word in live)
        {
            liveCount += BitOperations.PopCount(word);
        }

        var step = Math.Max(1, liveCount / CentreSample);
        var seen = 0L;
        var taken = 0L;
        for (var slot = 0L; slot < slots; slot++)
        {
            if (!IsLive(live, slot) || seen++ % step != 0)
            {
                continue;
            }

            var vector = layout.Vector(region.Bytes(layout.OffsetOf(slot), layout.SlotSize));
            for (var i = 0; i < vector.Length; i++)
            {
                sum[i] += vector[i];
            }

            taken++;
        }

        return Array.ConvertAll(sum, total => taken == 0 ? 0f : (float)(total / taken));
    }

    private static bool IsLive(ulong[] live, long slot) =>
        (slot >> 6) < live.Length && (live[slot >> 6] & (1UL << (int)(slot & 63))) != 0;

    /// <summary>Runs a file operation; an I/O failure makes the file unusable until the next open instead of failing the search.</summary>
    private T? Guard<T>(Func<T?> operation)
    {
        if (!_fileUsable)
        {
            return default;
        }

        try
        {
            return operation();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _fileUsable = false;
            return default;
        }
    }

    private void Guard(Action operation) => Guard<object>(() =>
    {
        operation();
        return null;
    });
}
