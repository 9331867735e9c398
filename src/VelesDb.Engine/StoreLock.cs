using System.Globalization;
using System.Text;

namespace VelesDb.Engine;

/// <summary>
/// The store's exclusive lock: the lock file opened with <see cref="FileShare.None"/>, which .NET
/// maps to an advisory <c>flock(LOCK_EX)</c> on Unix and a sharing lock on Windows. The OS drops
/// it when the holder exits or is killed, so a crash never leaves a stale lock behind. The file
/// carries the holder's process id, for the error message only (readable on Unix; Windows
/// keeps an exclusively opened file closed to readers).
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
        catch (IOException e) when (File.Exists(lockPath))
        {
            throw new StoreLockedException(lockPath, HolderOf(lockPath), e);
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

    private static int? HolderOf(string lockPath)
    {
        Span<byte> buffer = stackalloc byte[16];
        var read = IO.Native.ReadUnlocked(lockPath, buffer);
        return read > 0 && int.TryParse(buffer[..read], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }
}
