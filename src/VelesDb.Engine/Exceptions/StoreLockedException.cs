namespace VelesDb.Engine;

/// <summary>Another process, or another handle in this process, holds the store's lock.</summary>
public sealed class StoreLockedException : VelesDbException
{
    /// <summary>Creates the exception for the lock file at <paramref name="lockFilePath"/>.</summary>
    public StoreLockedException(string lockFilePath, int? holderProcessId = null, Exception? innerException = null)
        : base($"The store is in use: the lock '{lockFilePath}' is held by " +
               (holderProcessId is { } pid ? $"process {pid}" : "another process") +
               " or another open handle. Close the other handle (or end that process) and try again.", innerException)
    {
        LockFilePath = lockFilePath;
        HolderProcessId = holderProcessId;
    }

    /// <summary>The lock file whose lock is held.</summary>
    public string LockFilePath { get; }

    /// <summary>The process id recorded by the holder, when it could be read.</summary>
    public int? HolderProcessId { get; }
}
