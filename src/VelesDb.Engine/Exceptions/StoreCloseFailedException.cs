namespace VelesDb.Engine;

/// <summary>
/// Closing a store could not write its final checkpoint (a full disk, a failed sync). The store
/// is closed all the same: its files and its lock are released, and the next open recovers
/// from the log. <see cref="WritesAreDurable"/> says whether every write made it to stable
/// storage anyway.
/// </summary>
public sealed class StoreCloseFailedException : VelesDbException
{
    /// <summary>Creates the exception for the store at <paramref name="directory"/>.</summary>
    public StoreCloseFailedException(string directory, Exception cause, bool writesAreDurable)
        : base($"Closing the store at '{directory}' could not write its final checkpoint ({cause.Message}). " +
               "The store is closed and its lock released; " +
               (writesAreDurable
                   ? "every write is safe in its log, and opening it again replays the log."
                   : "writes made since the last flush were not synced and may not survive a power loss; opening it again recovers every write that reached the log."),
            cause)
    {
        Directory = directory;
        WritesAreDurable = writesAreDurable;
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <summary>True when every write survived on stable storage despite the failure.</summary>
    public bool WritesAreDurable { get; }
}
