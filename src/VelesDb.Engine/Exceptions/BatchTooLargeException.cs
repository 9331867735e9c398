namespace VelesDb.Engine;

/// <summary>A batch is too large to be written as one atomic step; nothing was written.</summary>
public sealed class BatchTooLargeException : VelesDbException
{
    /// <summary>Creates the exception for a batch of <paramref name="count"/> ids where at most <paramref name="maxCount"/> fit.</summary>
    public BatchTooLargeException(long count, long maxCount)
        : base($"The batch has {count:N0} ids, more than one atomic write can log ({maxCount:N0} at most); nothing was written. Split it into calls of at most {maxCount:N0} ids each.")
    {
        Count = count;
        MaxCount = maxCount;
    }

    /// <summary>How many ids the refused batch had.</summary>
    public long Count { get; }

    /// <summary>The most ids one batch of this kind can have.</summary>
    public long MaxCount { get; }
}
