using System.Collections.Specialized;
using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>
/// A point-in-time picture of one store: what every backend reports, as properties, and what only
/// its backend knows (file sizes, fragmentation, ... for an embedded store) in <see cref="Details"/>
/// and, by name, as properties of the output object, which the backend's view shows.
/// </summary>
public sealed class VelesMetrics
{
    private VelesMetrics(StoreMetricsReport report)
    {
        Path = report.Locator.Canonical;
        Backend = report.Backend;
        Durability = report.Durability;
        Dimension = report.Dimension;
        VectorCount = report.Count;
        StoredCount = report.StoredCount;
        DeletedCount = report.DeletedCount;
        RetrievedCount = report.RetrievedCount;
        BatchWriteLatency = new VelesLatency(report.BatchWriteLatency);
        foreach (var (name, value) in report.Details)
        {
            Details[name] = value is LatencySummary latency ? new VelesLatency(latency) : value;
        }

        KeyBytes = report.KeyBytes;
        AttributeBytes = report.AttributeBytes;
    }

    /// <summary>The store's folder (or locator).</summary>
    public string Path { get; }

    /// <summary>The backend that keeps the store: Mmap for an embedded store.</summary>
    public string Backend { get; }

    /// <summary>The durability the store is open with.</summary>
    public Durability Durability { get; }

    /// <summary>Components per vector.</summary>
    public int Dimension { get; }

    /// <summary>Vectors stored now.</summary>
    public long VectorCount { get; }

    /// <summary>Vectors written (inserts and overwrites) since the store was opened.</summary>
    public long StoredCount { get; }

    /// <summary>Vectors deleted since the store was opened.</summary>
    public long DeletedCount { get; }

    /// <summary>Copying reads since the store was opened.</summary>
    public long RetrievedCount { get; }

    /// <summary>UTF-8 bytes of the text keys of the records stored now (0 when every key is an integer).</summary>
    public long KeyBytes { get; }

    /// <summary>Bytes of the attributes of the records stored now, as compact JSON (0 when none has any).</summary>
    public long AttributeBytes { get; }

    /// <summary>Time per write call (a batch of Add-VelesVector or Remove-VelesVector).</summary>
    public VelesLatency BatchWriteLatency { get; }

    /// <summary>The backend's own figures, by name, in the order it lists them.</summary>
    public OrderedDictionary Details { get; } = [];

    /// <summary>
    /// The metrics as PowerShell shows them: each of the backend's figures is also a property, and
    /// the type name <c>VelesDb.PowerShell.VelesMetrics#Backend</c> picks the backend's view.
    /// </summary>
    internal static PSObject Present(StoreMetricsReport report)
    {
        var metrics = new VelesMetrics(report);
        var shown = new PSObject(metrics);
        foreach (System.Collections.DictionaryEntry detail in metrics.Details)
        {
            // A figure the object has as a property of its own (KeyBytes, ...) is not added twice.
            if (shown.Properties[(string)detail.Key] is null)
            {
                shown.Properties.Add(new PSNoteProperty((string)detail.Key, detail.Value));
            }
        }

        shown.TypeNames.Insert(0, $"{typeof(VelesMetrics).FullName}#{report.Backend}");
        return shown;
    }
}
