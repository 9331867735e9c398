using System.Globalization;

namespace VelesDb.Benchmarks.Report;

/// <summary>One row of a store table: what is measured, in which unit, and which way is better.</summary>
internal sealed record Metric(string Key, string Label, string Unit, bool HigherIsBetter)
{
    public static readonly Metric BulkInsert = new("bulk", "durable bulk insert (batches of 1,000)", "vectors/s", true);
    public static readonly Metric BulkInsertBandwidth = new("bulk-mb", "durable bulk insert, payload bandwidth", "MB/s", true);
    public static readonly Metric SingleInsertP50 = new("single-p50", "durable single insert, p50", "µs", false);
    public static readonly Metric SingleInsertP99 = new("single-p99", "durable single insert, p99", "µs", false);
    public static readonly Metric SyncFloor = new("sync-floor", "machine floor just before: 4 KiB append + fdatasync, p50", "µs", false);
    public static readonly Metric ReadCopy = new("read-copy", "random read, copy into caller buffer (1 thread)", "ops/s", true);
    public static readonly Metric ReadZeroCopy = new("read-view", "random read, zero-copy (1 thread)", "ops/s", true);
    public static readonly Metric ReadCopyFresh = new("read-copy-fresh", "random read, copy, in a fresh process that opened the store (1 thread)", "ops/s", true);
    public static readonly Metric ReadZeroCopyFresh = new("read-view-fresh", "random read, zero-copy, in a fresh process that opened the store (1 thread)", "ops/s", true);
    public static readonly Metric Delete = new("delete", "delete 10 % at random + durable flush", "ids/s", true);
    public static readonly Metric Compaction = new("compact", "compaction after that delete (live bytes written)", "MB/s", true);
    public static readonly Metric Compaction50 = new("compact50", "compaction at 50 % dead (live bytes written)", "MB/s", true);
    public static readonly Metric CompactionWriteBaseline = new("compact50-disk", "machine just before and after: sequential write + fdatasync of as many bytes", "MB/s", true);
    public static readonly Metric Reopen = new("reopen", "reopen until the first read returns (median)", "ms", false);
    public static readonly Metric Close = new("close", "clean close (median)", "ms", false);
    public static readonly Metric SizeAfterInsert = new("size-insert", "files after insert, clean close", "MB", false);
    public static readonly Metric SizeAfterDelete = new("size-delete", "files after delete, clean close", "MB", false);
    public static readonly Metric SizeAfterCompaction = new("size-compact", "files after compaction, clean close", "MB", false);
    public static readonly Metric MemoryPerVector = new("memory", "private memory beyond mapped pages, per vector", "bytes", false);

    public static IReadOnlyList<Metric> StoreRows { get; } =
    [
        BulkInsert, BulkInsertBandwidth, SingleInsertP50, SingleInsertP99, SyncFloor, ReadCopy, ReadZeroCopy, ReadCopyFresh, ReadZeroCopyFresh, Delete,
        Compaction, Compaction50, CompactionWriteBaseline, Reopen, Close, SizeAfterInsert, SizeAfterDelete, SizeAfterCompaction, MemoryPerVector,
    ];

    public bool IsSize => Key.StartsWith("size", StringComparison.Ordinal);

    public static string Number(double value) => value switch
    {
        >= 1e6 => string.Create(CultureInfo.InvariantCulture, $"{value / 1e6:0.00} M"),
        >= 10_000 => string.Create(CultureInfo.InvariantCulture, $"{value:N0}"),
        >= 100 => string.Create(CultureInfo.InvariantCulture, $"{value:0}"),
        >= 10 => string.Create(CultureInfo.InvariantCulture, $"{value:0.0}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value:0.00}"),
    };
}
