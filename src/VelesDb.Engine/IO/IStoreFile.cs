using Microsoft.Win32.SafeHandles;

namespace VelesDb.Engine.IO;

/// <summary>One open file of a store. Every byte the engine writes goes through here.</summary>
internal interface IStoreFile : IDisposable
{
    string Path { get; }

    long Length { get; }

    /// <summary>The OS handle, used only to map the file for reading.</summary>
    SafeFileHandle Handle { get; }

    /// <summary>Reads up to <c>buffer.Length</c> bytes at <paramref name="offset"/>; returns how many.</summary>
    int Read(Span<byte> buffer, long offset);

    void Write(ReadOnlySpan<byte> data, long offset);

    /// <summary>Grows the file with allocated blocks so later writes cannot fail for space.</summary>
    void Allocate(long length);

    void SetLength(long length);

    /// <summary>Makes everything written so far survive a power loss.</summary>
    void Sync();

    /// <summary>
    /// A hint: starts writing these bytes to disk now, without waiting, so that a long sequential
    /// write overlaps with the disk and the final <see cref="Sync"/> has little left to do. Makes
    /// nothing durable by itself.
    /// </summary>
    void StartWriteback(long offset, long length)
    {
    }
}
