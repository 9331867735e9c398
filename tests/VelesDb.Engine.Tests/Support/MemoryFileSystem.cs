using Microsoft.Win32.SafeHandles;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// Files in memory, for the fuzzer: the index and log readers run through the same seam as
/// ever, a hundred thousand times a second. (A data file cannot live here: it is mapped.)
/// </summary>
internal sealed class MemoryFileSystem : IStoreFileSystem
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public void Put(string path, byte[] bytes) => _files[path] = bytes;

    public IStoreFile Open(string path, bool create)
    {
        if (create)
        {
            _files[path] = [];
        }

        return _files.ContainsKey(path) ? new MemoryFile(path, this) : throw new FileNotFoundException("no such file", path);
    }

    public bool FileExists(string path) => _files.ContainsKey(path);

    public void Delete(string path) => _files.Remove(path);

    public void Replace(string source, string destination)
    {
        _files[destination] = _files[source];
        _ = _files.Remove(source);
    }

    public void SyncDirectory(string directory)
    {
    }

    public IEnumerable<string> List(string directory, string searchPattern) => [];

    private sealed class MemoryFile(string path, MemoryFileSystem owner) : IStoreFile
    {
        public string Path => path;

        public long Length => owner._files[path].Length;

        public SafeFileHandle Handle => throw new NotSupportedException("a file in memory cannot be mapped");

        public int Read(Span<byte> buffer, long offset)
        {
            var bytes = owner._files[path];
            if (offset >= bytes.Length)
            {
                return 0;
            }

            var count = (int)Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan((int)offset, count).CopyTo(buffer);
            return count;
        }

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            var bytes = owner._files[path];
            if (offset + data.Length > bytes.Length)
            {
                Array.Resize(ref bytes, (int)(offset + data.Length));
            }

            data.CopyTo(bytes.AsSpan((int)offset));
            owner._files[path] = bytes;
        }

        public void Allocate(long length) => SetLength(Math.Max(length, Length));

        public void SetLength(long length)
        {
            var bytes = owner._files[path];
            Array.Resize(ref bytes, (int)length);
            owner._files[path] = bytes;
        }

        public void Sync()
        {
        }

        public void Dispose()
        {
        }
    }
}
