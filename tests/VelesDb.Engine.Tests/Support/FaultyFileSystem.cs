using Microsoft.Win32.SafeHandles;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The real file system with a switchboard of faults: an operation named in <see cref="FailOn"/>
/// throws an <see cref="IOException"/> (like EIO or ENOSPC) instead of running. Counts syncs.
/// </summary>
internal sealed class FaultyFileSystem : IStoreFileSystem
{
    private readonly OsStoreFileSystem _inner = OsStoreFileSystem.Instance;

    /// <summary>Returns true to make the named operation on the named file fail, e.g. ("Sync", "vectors.wal").</summary>
    public Func<string, string, bool> FailOn { get; set; } = (_, _) => false;

    public int Syncs;

    public IStoreFile Open(string path, bool create)
    {
        Check("Open", path);
        return new FaultyFile(_inner.Open(path, create), this);
    }

    public bool FileExists(string path) => _inner.FileExists(path);

    public void Delete(string path)
    {
        Check("Delete", path);
        _inner.Delete(path);
    }

    public void Replace(string source, string destination)
    {
        Check("Replace", destination);
        _inner.Replace(source, destination);
    }

    public void SyncDirectory(string directory)
    {
        Check("SyncDirectory", directory);
        _inner.SyncDirectory(directory);
    }

    public IEnumerable<string> List(string directory, string searchPattern) => _inner.List(directory, searchPattern);

    internal void Check(string operation, string path)
    {
        if (FailOn(operation, Path.GetFileName(path)))
        {
            throw new IOException($"Injected failure of {operation} on {Path.GetFileName(path)}.");
        }
    }

    private sealed class FaultyFile(IStoreFile inner, FaultyFileSystem owner) : IStoreFile
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public SafeFileHandle Handle => inner.Handle;

        public int Read(Span<byte> buffer, long offset) => inner.Read(buffer, offset);

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            owner.Check("Write", Path);
            inner.Write(data, offset);
        }

        public void Allocate(long length)
        {
            owner.Check("Allocate", Path);
            inner.Allocate(length);
        }

        public void SetLength(long length)
        {
            owner.Check("SetLength", Path);
            inner.SetLength(length);
        }

        public void Sync()
        {
            owner.Check("Sync", Path);
            Interlocked.Increment(ref owner.Syncs);
            inner.Sync();
        }

        public void Dispose() => inner.Dispose();
    }
}
