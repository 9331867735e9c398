using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;

namespace VelesDb.Engine.Mapping;

/// <summary>
/// A read-only mapping of the first <see cref="Length"/> bytes of a data file: the one place
/// that holds a raw pointer.
/// Invariants:
/// - The mapping is read-only; all writes go through the file, so a stray span can never scribble
///   on stored data, and the OS keeps map and file coherent.
/// - The pointer is valid while the reference count is above zero. The owner holds one reference;
///   each reader holds one while it touches the bytes. The last <see cref="Release"/> unmaps.
/// - A region is never resized: growth maps a new, larger region and retires this one, so a
///   reader's span stays valid for as long as the reader holds its reference.
/// - <see cref="Length"/> never exceeds the file's length when mapped, and the engine never
///   shrinks a file below a mapped length that readers may use, so no access can raise SIGBUS.
/// </summary>
internal sealed unsafe class MappedRegion
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private int _references = 1;

    private MappedRegion(MemoryMappedFile map, MemoryMappedViewAccessor view, long length)
    {
        _map = map;
        _view = view;
        Length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    public long Length { get; }

    public static MappedRegion Map(SafeFileHandle file, long length)
    {
        var map = MemoryMappedFile.CreateFromFile(file, null, length, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        try
        {
            var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            return new MappedRegion(map, view, length);
        }
        catch
        {
            map.Dispose();
            throw;
        }
    }

    /// <summary>Takes a reference unless the region is already unmapped.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Drops a reference; the last one unmaps.</summary>
    public void Release()
    {
        var remaining = Interlocked.Decrement(ref _references);
        if (remaining == 0)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _map.Dispose();
        }
        else if (remaining < 0)
        {
            throw new InvalidOperationException("A mapped region was released more often than it was acquired.");
        }
    }

    /// <summary>Asks the system to map the pages of a range a scan is about to read (see <see cref="IO.Native.PopulateForRead"/>); the caller must hold a reference.</summary>
    public void PrepareScan(long offset, long length)
    {
        var end = Math.Min(Length, offset + length);
        if (offset >= 0 && offset < end)
        {
            IO.Native.PopulateForRead(_pointer + offset, end - offset);
        }
    }

    /// <summary>The bytes at <paramref name="offset"/>; the caller must hold a reference.</summary>
    public ReadOnlySpan<byte> Bytes(long offset, int length)
    {
        if (offset < 0 || length < 0 || offset + length > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Bytes {offset}..{offset + length} lie outside the {Length}-byte mapping.");
        }

        return new ReadOnlySpan<byte>(_pointer + offset, length);
    }
}
