using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>The syncs the hand-written stores need: fdatasync of a file, fsync of a directory (Linux).</summary>
internal static partial class DurableFiles
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000;

    /// <summary>fdatasync(2): the file's data and the metadata needed to read it back.</summary>
    public static void DataSync(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }

        if (FDataSync(handle.DangerousGetHandle().ToInt32()) != 0)
        {
            throw new IOException($"fdatasync failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    /// <summary>posix_fallocate(3) from 0 to <paramref name="length"/> (Linux); elsewhere a plain extension.</summary>
    public static void Allocate(SafeFileHandle handle, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            RandomAccess.SetLength(handle, length);
            return;
        }

        var error = PosixFallocate(handle.DangerousGetHandle().ToInt32(), 0, length);
        if (error != 0)
        {
            throw new IOException($"posix_fallocate failed with errno {error}.");
        }
    }

    /// <summary>fsync(2) of a directory, so a rename or a new file in it survives a power loss.</summary>
    public static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = OpenPath(path, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"open({path}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }

        try
        {
            if (FSync(fd) != 0)
            {
                throw new IOException($"fsync({path}) failed with errno {Marshal.GetLastPInvokeError()}.");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(int fd);

    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    private static partial int PosixFallocate(int fd, long offset, long length);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenPath(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
