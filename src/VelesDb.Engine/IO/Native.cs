using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace VelesDb.Engine.IO;

/// <summary>
/// The few POSIX calls .NET does not expose: fdatasync (cheaper than the fsync behind
/// RandomAccess.FlushToDisk), posix_fallocate (real blocks, so a full disk fails the call
/// instead of raising SIGBUS later through the map), fsync of a directory (makes a rename
/// durable) and sync_file_range (starts writeback early during long writes). On other systems the callers fall back to the portable .NET API.
/// </summary>
internal static partial class Native
{
    private const int EINTR = 4;
    private const int ENOSPC = 28;
    private const int EOPNOTSUPP = 95;
    private const int OpenReadOnly = 0;
    private const uint SyncFileRangeWrite = 2;

    public static bool IsLinux { get; } = OperatingSystem.IsLinux();

    /// <summary>Makes the file's data (and the size needed to read it) durable.</summary>
    public static void SyncData(SafeFileHandle handle, string path)
    {
        if (!IsLinux)
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }

        var fd = (int)handle.DangerousGetHandle();
        while (FDataSync(fd) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
            {
                throw IoError(errno, $"fdatasync of '{path}'");
            }
        }
    }

    /// <summary>
    /// sync_file_range(SYNC_FILE_RANGE_WRITE): queues the dirty pages of the range for writing and
    /// returns. Only a hint, so errors are left to the fdatasync that follows, which reports them.
    /// Elsewhere nothing: the final flush writes everything.
    /// </summary>
    public static void StartWriteback(SafeFileHandle handle, long offset, long length)
    {
        if (IsLinux)
        {
            _ = SyncFileRange((int)handle.DangerousGetHandle(), offset, length, SyncFileRangeWrite);
        }
    }

    /// <summary>Grows the file to <paramref name="length"/> bytes backed by allocated blocks.</summary>
    public static void Allocate(SafeFileHandle handle, string path, long currentLength, long length)
    {
        if (length <= currentLength)
        {
            return;
        }

        if (IsLinux)
        {
            var result = PosixFallocate((int)handle.DangerousGetHandle(), currentLength, length - currentLength);
            if (result == 0)
            {
                return;
            }

            // Some file systems cannot preallocate; a sparse extension is the best they offer.
            if (result != EOPNOTSUPP)
            {
                throw IoError(result, $"allocating {length - currentLength} bytes for '{path}'");
            }
        }

        RandomAccess.SetLength(handle, length);
    }

    /// <summary>Makes renames and creations inside <paramref name="directory"/> durable.</summary>
    public static void SyncDirectory(string directory)
    {
        // Windows has no directory handle to flush; NTFS journals the rename itself.
        if (!IsLinux && !OperatingSystem.IsMacOS())
        {
            return;
        }

        var fd = Open(directory, OpenReadOnly);
        if (fd < 0)
        {
            throw IoError(Marshal.GetLastPInvokeError(), $"opening directory '{directory}' to sync it");
        }

        try
        {
            while (FSync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                {
                    throw IoError(errno, $"fsync of directory '{directory}'");
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Reads the start of a file without taking the advisory lock .NET's own file APIs take on
    /// Unix, so the holder of a store lock can be named. Returns -1 where that is not possible.
    /// </summary>
    public static int ReadUnlocked(string path, Span<byte> buffer)
    {
        if (!IsLinux && !OperatingSystem.IsMacOS())
        {
            return -1;
        }

        var fd = Open(path, OpenReadOnly);
        if (fd < 0)
        {
            return -1;
        }

        try
        {
            unsafe
            {
                fixed (byte* pointer = buffer)
                {
                    return (int)Read(fd, pointer, (nuint)buffer.Length);
                }
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    private static IOException IoError(int errno, string what)
    {
        var text = Marshal.GetPInvokeErrorMessage(errno);
        var advice = errno == ENOSPC ? " The disk is full: free space and try again." : string.Empty;
        return new IOException($"{what} failed: {text} (errno {errno}).{advice}", errno);
    }

    /// <summary>
    /// Maps the pages of a range of a mapping in one call before a scan reads them, instead of one
    /// page fault per few pages (Linux 5.14's MADV_POPULATE_READ). Best effort: where the call or
    /// the system does not support it, the scan faults the pages in as it goes.
    /// </summary>
    public static unsafe void PopulateForRead(byte* start, long length)
    {
        if (!IsLinux || length <= 0)
        {
            return;
        }

        var page = Environment.SystemPageSize;
        var aligned = (nint)start & ~(nint)(page - 1);
        _ = Madvise(aligned, (nuint)(length + ((nint)start - aligned)), MadvisePopulateRead);
    }

    private const int MadvisePopulateRead = 22;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    [LibraryImport("libc", EntryPoint = "sync_file_range")]
    private static partial int SyncFileRange(int fd, long offset, long length, uint flags);

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FDataSync(int fd);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FSync(int fd);

    [LibraryImport("libc", EntryPoint = "posix_fallocate")]
    private static partial int PosixFallocate(int fd, long offset, long length);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint Read(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    private const int LockExclusive = 2;
    private const int LockNonBlocking = 4;

    /// <summary>
    /// Takes an exclusive <c>flock</c> on the open file, without waiting; false when another open
    /// of the file holds it. .NET takes the same lock for <see cref="FileShare.None"/>, but skips
    /// it when the <c>System.IO.DisableFileLocking</c> switch (or DOTNET_SYSTEM_IO_DISABLEFILELOCKING)
    /// is set; this call is not subject to that switch. Taking it again through the same open is a
    /// no-op. On Windows, where the sharing mode itself is the lock, it does nothing.
    /// </summary>
    public static bool TryLockExclusive(SafeFileHandle handle, string path)
    {
        if (!IsLinux && !OperatingSystem.IsMacOS())
        {
            return true;
        }

        // EWOULDBLOCK is 11 on Linux and 35 on macOS.
        var wouldBlock = IsLinux ? 11 : 35;
        var fd = (int)handle.DangerousGetHandle();
        while (Flock(fd, LockExclusive | LockNonBlocking) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == wouldBlock)
            {
                return false;
            }

            if (errno != EINTR)
            {
                throw IoError(errno, $"locking '{path}'");
            }
        }

        return true;
    }

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    private static partial int Flock(int fd, int operation);

    private const int WriteAccess = 2;

    /// <summary>EROFS, on Linux and macOS alike: the file system is mounted read-only.</summary>
    public const int ReadOnlyFileSystem = 30;

    /// <summary>EACCES, on Linux and macOS alike: permission denied.</summary>
    public const int PermissionDenied = 13;

    /// <summary>
    /// Why <paramref name="path"/> may not be written, as <c>access(W_OK)</c> answers it: 0 when it
    /// may, else the errno (<see cref="ReadOnlyFileSystem"/>, <see cref="PermissionDenied"/>, ...).
    /// -1 on Windows, which has no such call. Tells a refusal to write apart from a held lock.
    /// </summary>
    public static int WriteAccessError(string path)
    {
        if (!IsLinux && !OperatingSystem.IsMacOS())
        {
            return -1;
        }

        return Access(path, WriteAccess) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Access(string path, int mode);
}
