using System.IO.MemoryMappedFiles;

namespace VelesDb.Benchmarks.Seed;

/// <summary>
/// A read-write map of a whole file, like memmap2's <c>MmapMut</c>: a raw pointer, its length,
/// and <see cref="Flush"/> = msync(MS_SYNC) of the whole map.
/// </summary>
internal sealed unsafe class SeedMapping : IDisposable
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;

    public SeedMapping(FileStream file)
    {
        Length = file.Length;
        _file = MemoryMappedFile.CreateFromFile(file, null, 0, MemoryMappedFileAccess.ReadWrite, HandleInheritability.None, leaveOpen: true);
        _view = _file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        Pointer = pointer + _view.PointerOffset;
    }

    public byte* Pointer { get; }

    public long Length { get; }

    public Span<byte> Bytes(long offset, int length)
    {
        if (offset < 0 || offset + length > Length)
        {
            throw new InvalidDataException("Offset out of bounds");
        }

        return new Span<byte>(Pointer + offset, length);
    }

    public void Flush() => _view.Flush();

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
    }
}
