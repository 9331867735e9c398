namespace VelesDb.Engine;

/// <summary>A write would take the store past the most vectors it can hold; nothing was written.</summary>
public sealed class StoreFullException : VelesDbException
{
    /// <summary>Creates the exception for a store holding <paramref name="count"/> of at most <paramref name="limit"/> vectors.</summary>
    public StoreFullException(string directory, long count, long adding, long limit)
        : base($"The store '{directory}' holds {count:N0} vectors and the batch adds {adding:N0} new ids, past the {limit:N0} one store can hold; nothing was written. Delete vectors first, or spread them over several stores.")
    {
        Directory = directory;
        Limit = limit;
    }

    /// <summary>The store's directory.</summary>
    public string Directory { get; }

    /// <summary>The most vectors the store can hold.</summary>
    public long Limit { get; }
}
