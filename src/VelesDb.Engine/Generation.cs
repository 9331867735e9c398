using VelesDb.Engine.Index;
using VelesDb.Engine.Mapping;
using VelesDb.Engine.Search;

namespace VelesDb.Engine;

/// <summary>
/// One data file and the index into it. Readers take the current generation once and use its
/// index and its mapping together, so a compaction that publishes a new generation can never
/// pair an old slot number with a new file. The norms cached for cosine search and the search
/// index belong to the generation too, since they are per slot of its file.
/// </summary>
internal sealed record Generation(long Number, DataFile Data, SlotIndex Index)
{
    private ISearchIndex _searchIndex = ExactScanIndex.Instance;

    public SlotNorms Norms { get; } = new();

    /// <summary>
    /// What answers searches over this generation: the exact scan, or a derived index (the int8
    /// copy) when the store's settings ask for one. Changed by the store's settings, read by searches.
    /// </summary>
    public ISearchIndex SearchIndex
    {
        get => Volatile.Read(ref _searchIndex);
        set => Volatile.Write(ref _searchIndex, value);
    }
}
