namespace VelesDb.Engine.Contract;

/// <summary>
/// The records a write scope has stored since they were last taken: what
/// <see cref="IStoreWriter.TakeStored"/> hands out when <see cref="WriteScopeOptions.ReportStored"/>
/// is set. Every backend's write scope keeps its acknowledged records here, so they are handed out
/// alike: in the order they were stored, each once.
/// </summary>
public sealed class StoredRecords
{
    private readonly List<VectorRecord> _records = [];

    /// <summary>Keeps a record whose write was acknowledged.</summary>
    public void Add(VectorRecord record) => _records.Add(record);

    /// <summary>The records kept since the last call, oldest first; they are not kept any more.</summary>
    public IReadOnlyList<VectorRecord> Take()
    {
        if (_records.Count == 0)
        {
            return [];
        }

        VectorRecord[] taken = [.. _records];
        _records.Clear();
        return taken;
    }
}
