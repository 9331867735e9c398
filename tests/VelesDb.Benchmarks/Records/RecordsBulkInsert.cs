using System.Diagnostics;
using System.Runtime.InteropServices;
using VelesDb.Benchmarks.Adapters;
using VelesDb.Engine.Contract;

namespace VelesDb.Benchmarks.Records;

/// <summary>
/// Durable bulk insert of records (integer keys, <see cref="BenchRecords.AttributeBytes"/> bytes of
/// attributes each) through the store contract, against <see cref="RawRecordLog"/> writing the same
/// vector and attribute bytes. Interleaved as the integer-id write targets are: each batch goes into
/// both stores in turn, in alternating order, so both see the disk at the same moment. VelesDb gets
/// one write scope (<see cref="WriteScopeOptions.SyncEachBatch"/>) and a Commit after each batch, so
/// every batch is durable before the next one starts, as each of the raw log's is. Then, for where
/// the time goes, the same records once more into a store opened with Durability.Process (no syncs):
/// what the engine's own work costs without the disk's.
/// </summary>
internal static class RecordsBulkInsert
{
    /// <summary>Records/s of each (all batches and the final commit), and the median time of one durable batch.</summary>
    public sealed record Result(int Count, int Dimension, int BatchSize, double VelesDbPerSecond, double RawLogPerSecond, double VelesDbBatchP50Us, double RawLogBatchP50Us, string Verified)
    {
        /// <summary>Records/s into a store with Durability.Process, written alone after the interleaved run.</summary>
        public double? ProcessPerSecond { get; init; }

        public double? ProcessBatchP50Us { get; init; }

        /// <summary>Records/s into a store with Durability.Process, the same keys and vectors without attributes.</summary>
        public double? ProcessBareKeysPerSecond { get; init; }

        public double Ratio => VelesDbPerSecond / RawLogPerSecond;

        public double BatchRatio => RawLogBatchP50Us / VelesDbBatchP50Us;
    }

    /// <summary>
    /// Runs the comparison; leaves VelesDb's store, closed, in <paramref name="storeDirectory"/>
    /// (which must not exist) for the filtered-search probe.
    /// </summary>
    public static Result Run(DataSet data, RecordAttributes[] attributes, int batchSize, string storeDirectory, string workRoot)
    {
        var warmUp = new DataSet(new Shape(3 * batchSize, data.Dimension));
        var warmDirectory = Path.Combine(workRoot, "records-warmup");
        try
        {
            _ = Interleave(warmUp, attributes, batchSize, Path.Combine(warmDirectory, "velesdb"), Path.Combine(warmDirectory, "raw"));
        }
        finally
        {
            Directory.Delete(warmDirectory, recursive: true);
        }

        var rawDirectory = Path.Combine(workRoot, "records-raw-log");
        Result result;
        try
        {
            result = Interleave(data, attributes, batchSize, storeDirectory, rawDirectory);
        }
        finally
        {
            Directory.Delete(rawDirectory, recursive: true);
        }

        _ = Probes.Writeback.Settle(TimeSpan.FromSeconds(30));
        var processDirectory = Path.Combine(workRoot, "records-process");
        try
        {
            var (perSecond, batchP50) = WithoutSyncs(data, attributes, batchSize, processDirectory);
            Directory.Delete(processDirectory, recursive: true);
            var (bare, _) = WithoutSyncs(data, null, batchSize, processDirectory);
            return result with { ProcessPerSecond = perSecond, ProcessBatchP50Us = batchP50, ProcessBareKeysPerSecond = bare };
        }
        finally
        {
            if (Directory.Exists(processDirectory))
            {
                Directory.Delete(processDirectory, recursive: true);
            }
        }
    }

    /// <summary>The same batches and commits into a store that never syncs; with no attributes given, the records have none.</summary>
    private static (double PerSecond, double BatchP50Us) WithoutSyncs(DataSet data, RecordAttributes[]? attributes, int batchSize, string directory)
    {
        var (provider, locator) = StoreProviders.Locate(directory);
        Directory.CreateDirectory(directory);
        using var store = provider.Create(locator, new StoreCreateOptions { Dimension = data.Dimension, Durability = Engine.Durability.Process });
        var batches = new List<double>();
        var started = Stopwatch.GetTimestamp();
        using (var writer = store.BeginWrite(new WriteScopeOptions { BatchSize = batchSize, SyncEachBatch = true }))
        {
            for (var first = 0; first < data.Count; first += batchSize)
            {
                var batch = Stopwatch.GetTimestamp();
                for (var i = first; i < Math.Min(data.Count, first + batchSize); i++)
                {
                    writer.Add(RecordKey.FromNumber((ulong)i), data.Vector((ulong)i), attributes?[i]);
                }

                writer.Commit();
                batches.Add(Measure.SecondsSince(batch) * 1e6);
            }
        }

        var seconds = Measure.SecondsSince(started);
        if (store.Count != data.Count)
        {
            throw new BenchmarkFailedException($"VelesDb (Process) holds {store.Count:N0} records, not {data.Count:N0}.");
        }

        return (data.Count / seconds, Measure.Median(batches));
    }

    private static Result Interleave(DataSet data, RecordAttributes[] attributes, int batchSize, string storeDirectory, string rawDirectory)
    {
        var n = data.Count;
        var utf8 = new ReadOnlyMemory<byte>[n];
        for (var i = 0; i < n; i++)
        {
            utf8[i] = attributes[i].Utf8;
        }

        var ids = Enumerable.Range(0, n).Select(i => (ulong)i).ToArray();
        Directory.CreateDirectory(rawDirectory);
        var (provider, locator) = StoreProviders.Locate(storeDirectory);
        Directory.CreateDirectory(storeDirectory);
        using var raw = RawRecordLog.Create(rawDirectory, data.Dimension);
        var store = provider.Create(locator, new StoreCreateOptions { Dimension = data.Dimension });
        try
        {
            var velesSeconds = 0.0;
            var rawSeconds = 0.0;
            var velesBatches = new List<double>();
            var rawBatches = new List<double>();
            using (var writer = store.BeginWrite(new WriteScopeOptions { BatchSize = batchSize, SyncEachBatch = true }))
            {
                var batch = 0;
                for (var first = 0; first < n; first += batchSize, batch++)
                {
                    var count = Math.Min(batchSize, n - first);
                    for (var k = 0; k < 2; k++)
                    {
                        var started = Stopwatch.GetTimestamp();
                        if ((batch + k) % 2 == 0)
                        {
                            for (var i = first; i < first + count; i++)
                            {
                                writer.Add(RecordKey.FromNumber((ulong)i), data.Vector((ulong)i), attributes[i]);
                            }

                            writer.Commit();
                            var seconds = Measure.SecondsSince(started);
                            velesSeconds += seconds;
                            velesBatches.Add(seconds * 1e6);
                        }
                        else
                        {
                            raw.AppendDurable(ids.AsSpan(first, count), data.Rows((ulong)first, count), utf8.AsSpan(first, count));
                            var seconds = Measure.SecondsSince(started);
                            rawSeconds += seconds;
                            rawBatches.Add(seconds * 1e6);
                        }
                    }
                }

                // Disposing the scope commits; nothing is left to write, and it is timed all the same.
                var closing = Stopwatch.GetTimestamp();
                writer.Commit();
                velesSeconds += Measure.SecondsSince(closing);
            }

            var verified = VerifySample(store, raw, data, attributes);
            return new Result(n, data.Dimension, batchSize, n / velesSeconds, n / rawSeconds,
                Measure.Median(velesBatches), Measure.Median(rawBatches), verified);
        }
        finally
        {
            store.Dispose();
        }
    }

    /// <summary>A sample of records reads back from both stores with the vector's exact bytes and the same attributes.</summary>
    private static string VerifySample(IVectorStore store, RawRecordLog raw, DataSet data, RecordAttributes[] attributes)
    {
        if (store.Count != data.Count)
        {
            throw new BenchmarkFailedException($"VelesDb holds {store.Count:N0} records after the records bulk insert, not {data.Count:N0}.");
        }

        var sample = DataSet.RandomIds(1000, data.Count, 15).Distinct().ToArray();
        var records = store.Read([.. sample.Select(RecordKey.FromNumber)]);
        for (var k = 0; k < sample.Length; k++)
        {
            var id = sample[k];
            var expected = MemoryMarshal.AsBytes(data.Vector(id));
            if (records[k] is not { } record || !MemoryMarshal.AsBytes(record.Vector.AsSpan()).SequenceEqual(expected) || !attributes[id].Equals(record.Attributes))
            {
                throw new BenchmarkFailedException($"VelesDb: record {id} does not read back as it was written (vector bytes and attributes).");
            }

            if (raw.Read(id) is not { } logged || !MemoryMarshal.AsBytes(logged.Vector.AsSpan()).SequenceEqual(expected) || !logged.Attributes.AsSpan().SequenceEqual(attributes[id].Utf8.Span))
            {
                throw new BenchmarkFailedException($"raw log: record {id} does not read back as it was written.");
            }
        }

        return $"{data.Count:N0} records in VelesDb; {sample.Length:N0} sampled records read back from both with the same vector bytes and attributes";
    }
}
