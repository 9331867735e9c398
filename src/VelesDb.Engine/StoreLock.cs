using System.Globalization;
using System.Text;

namespace VelesDb.Engine;

/// <summary>
/// The store's exclusive lock: the lock file opened with <see cref="FileShare.None"/>, a sharing
/// lock on Windows, plus an explicit advisory <c>flock(LOCK_EX)</c> on Unix
/// (<see cref="IO.Native.TryLockExclusive"/>). .NET takes that flock for <see cref="FileShare.None"/>
/// too, but a runtime switch turns it off, and two processes must never both open a store. The OS
/// drops the lock when the holder exits or is killed, so a crash never leaves a stale lock behind.
/// The file carries the holder's process id, for the error message only (readable on Unix;
/// Windows keeps an exclusively opened file closed to readers).
/// </summary>
internal sealed class StoreLock : IDisposable
{
    private readonly FileStream _stream;

    private StoreLock(FileStream stream) => _stream = stream;

    public static StoreLock Acquire(string lockPath)
    {
        FileStream stream;
        try
        {
            // Unbuffered: a pid that cannot be written (a full disk) fails here, not again at close.
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && WhyNotWritable(lockPath, e) is { } reason)
        {
            throw new StoreReadOnlyException(Path.GetDirectoryName(lockPath)!, lockPath, reason, e);
        }
        catch (IOException e) when (File.Exists(lockPath))
        {
            throw new StoreLockedException(lockPath, HolderOf(lockPath), e);
        }

        bool locked;
        try
        {
            locked = IO.Native.TryLockExclusive(stream.SafeFileHandle, lockPath);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        if (!locked)
        {
            stream.Dispose();
            throw new StoreLockedException(lockPath, HolderOf(lockPath));
        }

        try
        {
            var pid = Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            stream.SetLength(0);
            stream.Write(pid);
            stream.Flush();
        }
        catch (IOException)
        {
            // The pid is a courtesy for error messages; the lock itself is held.
        }

        return new StoreLock(stream);
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// Why opening the lock file for writing failed when the cause is that it cannot be written at
    /// all, or null when it may be a held lock (or anything else). Asked of the file system rather
    /// than read from the exception: .NET reports a read-only file system as a plain IOException.
    /// </summary>
    private static string? WhyNotWritable(string lockPath, Exception failure)
    {
        if (OperatingSystem.IsWindows())
        {
            const int ErrorWriteProtect = 19;
            return failure switch
            {
                UnauthorizedAccessException => "access is denied, or the lock file is marked read-only",
                IOException when (failure.HResult & 0xFFFF) == ErrorWriteProtect => "the medium is write-protected",
                _ => null,
            };
        }

        // A lock file that does not exist yet has to be created in the directory.
        var target = File.Exists(lockPath) ? lockPath : Path.GetDirectoryName(lockPath)!;
        return IO.Native.WriteAccessError(target) switch
        {
            IO.Native.ReadOnlyFileSystem => "the file system is mounted read-only",
            IO.Native.PermissionDenied => "this user has no write permission",
            _ => null,
        };
    }

    private static int? HolderOf(string lockPath)
    {
        Span<byte> buffer = stackalloc byte[16];
        var read = IO.Native.ReadUnlocked(lockPath, buffer);
        return read > 0 && int.TryParse(buffer[..read], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
