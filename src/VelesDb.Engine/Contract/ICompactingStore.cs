namespace VelesDb.Engine.Contract;

/// <summary>A store that reclaims the space of deleted and overwritten records by rewriting its files.</summary>
public interface ICompactingStore
{
    /// <summary>Share of used space held by deleted or overwritten records (0 = none).</summary>
    double FragmentationRatio { get; }

    /// <summary>Rewrites the live records and reports what was reclaimed; progress from 0 to 1.</summary>
    CompactionResult Compact(IProgress<double>? progress = null);
}
