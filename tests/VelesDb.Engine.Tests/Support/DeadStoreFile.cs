using Microsoft.Win32.SafeHandles;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Tests.Support;

/// <summary>What a dead process's late file operations get: nothing happens.</summary>
internal sealed class DeadStoreFile(string path) : IStoreFile
{
    public string Path => path;

    public long Length => 0;

    public SafeFileHandle Handle => new(IntPtr.Zero, ownsHandle: false);

    public int Read(Span<byte> buffer, long offset) => 0;

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
    }

    public void Allocate(long length)
    {
    }

    public void SetLength(long length)
    {
    }

    public void Sync()
    {
    }

    public void Dispose()
    {
    }
}
