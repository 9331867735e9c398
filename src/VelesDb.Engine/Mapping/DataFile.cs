using System.Diagnostics;
using VelesDb.Engine.Format;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Mapping;

/// <summary>
/// One generation's data file (<see cref="SlotLayout"/>): slots are written through the file and
/// read through the current <see cref="MappedRegion"/>. Growth allocates real blocks, maps a
/// larger region and retires the old one, which stays valid for readers still holding it.
/// </summary>
internal sealed class DataFile : IDisposable
{
    private readonly IStoreFile _file;
    private MappedRegion _region;

    private DataFile(IStoreFile file, SlotLayout layout, long generation)
    {
        _file = file;
        Layout = layout;
        Generation = generation;
        _region = MappedRegion.Map(file.Handle, file.Length);
    }

    public SlotLayout Layout { get; }

    public long Generation { get; }

    public string Path => _file.Path;

    public long Length => _file.Length;

    /// <summary>Slots the file has room for without growing.</summary>
    public long CapacitySlots => (Volatile.Read(ref _region).Length - SlotLayout.DataStart) / Layout.SlotSize;

    public static DataFile Create(IStoreFileSystem fileSystem, string path, int dimension, long generation, long initialLength)
    {
        var file = fileSystem.Open(path, create: true);
        try
        {
            var header = new byte[SlotLayout.DataStart];
            new FileHeader(FileHeader.DataMagic, dimension, generation, 0).WriteTo(header);
            file.Allocate(Math.Max(initialLength, SlotLayout.DataStart));
            file.Write(header, 0);
            return new DataFile(file, new SlotLayout(dimension), generation);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Opens a data file that must hold <paramref name="slots"/> slots of <paramref name="dimension"/>.</summary>
    public static DataFile Open(IStoreFileSystem fileSystem, string path, int dimension, long generation, long slots)
    {
        var file = fileSystem.Open(path, create: false);
        try
        {
            Span<byte> header = stackalloc byte[FileHeader.Size];
            var read = file.Read(header, 0);
            var parsed = FileHeader.Read(header[..read], FileHeader.DataMagic, path);
            if (parsed.Dimension != dimension)
            {
                throw new StoreCorruptedException(path, FileHeader.DimensionOffset, $"the data file holds dimension {parsed.Dimension} but the index says {dimension}.");
            }

            if (parsed.Generation != generation)
            {
                throw new StoreCorruptedException(path, FileHeader.GenerationOffset, $"the data file is generation {parsed.Generation} but the index expects {generation}.");
            }

            // A short file would raise SIGBUS when a slot past its end is read through the map.
            var layout = new SlotLayout(dimension);
            var required = layout.FileLengthFor(slots);
            if (file.Length < required)
            {
                throw new StoreCorruptedException(path, file.Length, $"the data file is {file.Length} bytes but its {slots} slots need {required}; it was truncated.");
            }

            return new DataFile(file, layout, generation);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Makes room for <paramref name="slots"/> slots in all. Returns the bytes grown (0 when there
    /// was room). On failure (e.g. a full disk) nothing changes and the error propagates.
    /// </summary>
    public long EnsureCapacity(long slots)
    {
        var required = Layout.FileLengthFor(slots);
        var current = Volatile.Read(ref _region);
        if (required <= current.Length)
        {
            return 0;
        }

        var newLength = GrowthPolicy.NextLength(current.Length, required);
        _file.Allocate(newLength);
        Publish(MappedRegion.Map(_file.Handle, newLength));
        return newLength - current.Length;
    }

    public void WriteSlots(long firstSlot, ReadOnlySpan<byte> slotBytes)
    {
        Debug.Assert(slotBytes.Length % Layout.SlotSize == 0, "Whole slots only.");
        _file.Write(slotBytes, Layout.OffsetOf(firstSlot));
    }

    /// <summary>Copies the vector out of the slot bytes of <paramref name="id"/> at <paramref name="offset"/>, once they match their checksum.</summary>
    public void CopyVerified(ReadOnlySpan<byte> slot, long offset, ulong id, Span<float> destination)
    {
        if (!Layout.Holds(slot, id))
        {
            throw new StoreCorruptedException(Path, offset, $"the slot of vector {id} does not match its checksum (bit rot or an outside write).");
        }

        Layout.Vector(slot).CopyTo(destination);
    }

    public void Sync() => _file.Sync();

    /// <summary>Starts writing slots already written to disk, so a later <see cref="Sync"/> waits less.</summary>
    public void StartWriteback(long firstSlot, long slots) =>
        _file.StartWriteback(Layout.OffsetOf(firstSlot), slots * Layout.SlotSize);

    /// <summary>
    /// A referenced region covering the file, or null once this file has been retired (by
    /// compaction or close). The caller must <see cref="MappedRegion.Release"/> it.
    /// </summary>
    public MappedRegion? AcquireRegion()
    {
        while (true)
        {
            var region = Volatile.Read(ref _region);
            if (region.TryAcquire())
            {
                return region;
            }

            if (ReferenceEquals(region, Volatile.Read(ref _region)))
            {
                return null;
            }
        }
    }

    /// <summary>Cuts growth headroom so the file is exactly as long as its slots need.</summary>
    public void TrimTo(long slots)
    {
        var length = Layout.FileLengthFor(slots);
        if (length >= _file.Length)
        {
            return;
        }

        try
        {
            _file.SetLength(length);
        }
        catch (IOException)
        {
            // Windows refuses to shrink a file that is still mapped by a reader; the headroom stays.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Retires the mapping (readers holding it keep it until they release) and closes the file.</summary>
    public void Dispose()
    {
        Volatile.Read(ref _region).Release();
        _file.Dispose();
    }

    /// <summary>Retires the mapping first, so the file can be trimmed on systems that refuse to shrink a mapped file.</summary>
    public void CloseAndTrim(long slots)
    {
        Volatile.Read(ref _region).Release();
        TrimTo(slots);
        _file.Dispose();
    }

    private void Publish(MappedRegion region)
    {
        var old = Interlocked.Exchange(ref _region, region);
        old.Release();
    }
}
