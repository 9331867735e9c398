namespace VelesDb.Benchmarks.Adapters;

/// <summary>
/// What the workloads need from a store, and nothing more, so every store is driven the same way.
/// "Durable" means: when the call returns, the write survives a power loss by that store's own
/// rules (a synced log, a committed transaction, a synced data file).
/// </summary>
internal interface IVectorStoreUnderTest : IDisposable
{
    /// <summary>The column heading in the report.</summary>
    string Name { get; }

    /// <summary>One line on how the store is configured, for the report.</summary>
    string Description { get; }

    /// <summary>False when the store hands out no view into its own memory (its zero-copy row reads "n/a").</summary>
    bool SupportsZeroCopy { get; }

    /// <summary>Creates an empty store in <paramref name="directory"/>, which exists and is empty.</summary>
    void Create(string directory, int dimension);

    /// <summary>Opens the store that <see cref="Close"/> left in <paramref name="directory"/>.</summary>
    void Open(string directory, int dimension);

    /// <summary>Inserts a batch (ids.Length × dimension floats, row-major) as one durable step.</summary>
    void InsertBatchDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors);

    /// <summary>Inserts one vector and makes it durable before returning.</summary>
    void InsertOneDurable(ulong id, ReadOnlySpan<float> vector);

    /// <summary>Copies vector <paramref name="id"/> into the caller's buffer; false when absent.</summary>
    bool Read(ulong id, Span<float> destination);

    /// <summary>
    /// Looks vector <paramref name="id"/> up without copying it and reads its first and last
    /// component through the view (so the lookup cannot be skipped); NaN when absent.
    /// </summary>
    float ReadZeroCopy(ulong id);

    /// <summary>Deletes the ids (all present) as one batch where the store has one.</summary>
    void DeleteBatch(ReadOnlySpan<ulong> ids);

    /// <summary>Makes everything so far durable.</summary>
    void Flush();

    /// <summary>Reclaims the space of deleted vectors, crash-safely by the store's own rules.</summary>
    void Compact();

    /// <summary>A clean close: what a well-behaved application does before it exits.</summary>
    void Close();
}
