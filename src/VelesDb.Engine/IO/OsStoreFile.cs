using Microsoft.Win32.SafeHandles;

namespace VelesDb.Engine.IO;

/// <summary>A store file on the real file system: positional reads and writes, no shared cursor.</summary>
internal sealed class OsStoreFile : IStoreFile
{
    private readonly SafeFileHandle _handle;

    public OsStoreFile(string path, bool create)
    {
        Path = path;
        _handle = DiskFull.Advise(() => File.OpenHandle(
            path,
            create ? FileMode.Create : FileMode.Open,
            FileAccess.ReadWrite,
            FileShare.ReadWrite | FileShare.Delete));
    }

    public string Path { get; }

    public long Length => RandomAccess.GetLength(_handle);

    public SafeFileHandle Handle => _handle;

    public int Read(Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(_handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    public void Write(ReadOnlySpan<byte> data, long offset)
    {
        try
        {
            RandomAccess.Write(_handle, data, offset);
        }
        catch (IOException e) when (DiskFull.NeedsAdvice(e))
        {
            // Not through DiskFull.Advise: a lambda cannot capture the span.
            throw DiskFull.WithAdvice(e);
        }
    }

    public void Allocate(long length) => Native.Allocate(_handle, Path, Length, length);

    public void SetLength(long length) => DiskFull.Advise(() => RandomAccess.SetLength(_handle, length));

    public void StartWriteback(long offset, long length) => Native.StartWriteback(_handle, offset, length);

    public void Sync() => Native.SyncData(_handle, Path);

    public void Dispose() => _handle.Dispose();
}
