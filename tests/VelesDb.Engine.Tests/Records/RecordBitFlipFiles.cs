using System.Buffers.Binary;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;
using static VelesDb.Engine.Tests.Records.RecordWorkload;

namespace VelesDb.Engine.Tests.Records;

/// <summary>
/// A small records store's files, held in memory for the bit-flip and truncation tests, with the
/// byte ranges those tests aim at: the index's record section (version 2), and each log record,
/// with the part of it that carries keys and attributes. Made by a short script of text and
/// integer keys with and without attributes, an overwrite, attribute sets and deletes by key, each
/// step one log record; captured after a clean close (the index holds the records) or as a kill
/// leaves it (the log holds them, one record per step).
/// </summary>
internal sealed class RecordBitFlipFiles
{
    // The layouts of IndexCheckpoint and WalRecord, restated: a change of format must show here
    // (Frames checks that each record's keys and attributes end where the record does).
    private const int IndexFixedSize = 72;
    private const int IndexEntrySize = 12;
    private const int FrameHeaderSize = 8;
    private const int PayloadHeaderSize = 13;
    private const int PutEntrySize = 20;
    private const byte MetaFlag = 0x40;
    private const byte KindMask = 0x3F;
    private const byte PutInline = 3;
    private const byte DeleteKeys = 4;

    private readonly Dictionary<string, SparseImage> _images;

    private RecordBitFlipFiles(Dictionary<string, SparseImage> images, IReadOnlyList<Step> steps)
    {
        _images = images;
        States = RecordWorkload.States(steps);
        var index = Bytes(StorePaths.IndexFileName);
        RecordSectionStart = IndexFixedSize + (IndexEntrySize * (long)BinaryPrimitives.ReadInt32LittleEndian(index.AsSpan(52)));
        LogRecords = Frames(Bytes(StorePaths.WalFileName));
    }

    /// <summary>The model after each step: index 0 is the new store, index i the store after step i.</summary>
    public List<Dictionary<RecordKey, Content>> States { get; }

    /// <summary>Where the index's record section (its 24-byte head, then the records) starts.</summary>
    public long RecordSectionStart { get; }

    /// <summary>Each record of the log, in order: where its frame starts and ends, and where its keys and attributes start.</summary>
    public IReadOnlyList<(long Start, long End, long MetaStart)> LogRecords { get; }

    public static IReadOnlyList<Step> Script() =>
    [
        Puts("text keys with attributes", (Text("a"), 1, """{"n":1,"tag":"x"}"""), (Text("ключ"), 2, """{"list":[1,2.5,"ü"],"nested":{"deep":[null,true]}}"""), (RecordKey.FromNumber(7), 3, """{"n":7}""")),
        Puts("keys without attributes", (RecordKey.FromNumber(8), 4, null), (Text("bare key"), 5, null), (Text("007"), 6, """{"text":"not an integer key"}""")),
        Puts("overwrites", (Text("a"), 11, """{"n":"one"}"""), (RecordKey.FromNumber(7), 12, null)),
        new Step("attribute sets", store =>
        {
            using var scope = store.BeginWrite();
            _ = scope.SetAttributes(Text("ключ"), RecordAttributes.FromJson("""{"set":true}"""));
            _ = scope.SetAttributes(RecordKey.FromNumber(8), RecordAttributes.FromJson("""{"now":[8]}"""));
            scope.Commit();
        }, model =>
        {
            model[Text("ключ")] = model[Text("ключ")] with { Json = Compact("""{"set":true}""") };
            model[RecordKey.FromNumber(8)] = model[RecordKey.FromNumber(8)] with { Json = Compact("""{"now":[8]}""") };
        }),
        new Step("deletes by key", store =>
        {
            using var scope = store.BeginWrite();
            scope.Remove(Text("bare key"));
            scope.Remove(RecordKey.FromNumber(7));
            scope.Commit();
        }, model =>
        {
            _ = model.Remove(Text("bare key"));
            _ = model.Remove(RecordKey.FromNumber(7));
        }),
        Puts("a late record", (Text("late"), 21, """{"after":"deletes"}""")),
    ];

    /// <summary>Runs the script in a new store at <paramref name="directory"/> and captures its files: after a close, or (<paramref name="asAfterKill"/>) while it is open.</summary>
    public static RecordBitFlipFiles Capture(string directory, Durability durability, bool asAfterKill)
    {
        var steps = Script();
        var options = new VectorStoreOptions { Durability = durability, CheckpointThresholdBytes = 1L << 30, FileSystem = new FaultFileSystem() };
        var store = MmapVectorStore.Create(directory, Dim, options);
        try
        {
            foreach (var step in steps)
            {
                step.Run(store);
            }

            if (!asAfterKill)
            {
                store.Dispose();
            }

            var images = Directory.EnumerateFiles(directory)
                .Where(file => Path.GetFileName(file) != StorePaths.LockFileName)
                .ToDictionary(file => Path.GetFileName(file), SparseImage.Read);
            return new RecordBitFlipFiles(images, steps);
        }
        finally
        {
            store.Dispose();
        }
    }

    public byte[] Bytes(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), "velesdb-bytes-" + Guid.NewGuid().ToString("N"));
        try
        {
            _images[name].WriteTo(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Writes the files into a new <paramref name="directory"/>, with <paramref name="name"/> replaced by <paramref name="damaged"/>.</summary>
    public string Lay(string directory, string name, byte[] damaged)
    {
        _ = Directory.CreateDirectory(directory);
        foreach (var (file, image) in _images)
        {
            var path = Path.Combine(directory, file);
            if (file == name)
            {
                File.WriteAllBytes(path, damaged);
            }
            else
            {
                image.WriteTo(path);
            }
        }

        return directory;
    }

    /// <summary>The log's records after its header, each checked to end where its keys and attributes say (so the ranges aimed at are the real ones).</summary>
    private static List<(long Start, long End, long MetaStart)> Frames(byte[] log)
    {
        var frames = new List<(long, long, long)>();
        var slotSize = Format.SlotLayout.SlotHeaderSize + (Dim * sizeof(float));
        for (var at = Wal.WriteAheadLog.HeaderSize; at + FrameHeaderSize <= log.Length;)
        {
            var payloadLength = BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(at));
            if (payloadLength == 0)
            {
                break;
            }

            var end = at + FrameHeaderSize + payloadLength;
            var flags = log[at + FrameHeaderSize + 8];
            var count = BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(at + FrameHeaderSize + 9));
            var entries = at + FrameHeaderSize + PayloadHeaderSize;
            var kind = flags & KindMask;
            var metaStart = kind == DeleteKeys ? entries
                : (flags & MetaFlag) != 0 ? entries + (count * PutEntrySize) + (kind == PutInline ? count * slotSize : 0)
                : throw new InvalidOperationException($"the log record at {at} carries no keys or attributes");
            if (kind != DeleteKeys)
            {
                var meta = metaStart;
                for (var i = 0; i < count; i++)
                {
                    meta += 6 + BinaryPrimitives.ReadUInt16LittleEndian(log.AsSpan(meta)) + BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(meta + 2));
                }

                if (meta != end)
                {
                    throw new InvalidOperationException($"the keys and attributes of the log record at {at} end at {meta}, not at its end {end}");
                }
            }

            frames.Add((at, end, metaStart));
            at = end;
        }

        return frames;
    }

    private static string Compact(string json) => RecordAttributes.FromJson(json).Json;

    private static Step Puts(string name, params (RecordKey Key, ulong Seed, string? Json)[] records) => new(name, store =>
    {
        using var scope = store.BeginWrite();
        foreach (var (key, seed, json) in records)
        {
            scope.Add(key, Vectors.For(seed, Dim), json is null ? null : RecordAttributes.FromJson(json));
        }

        scope.Commit();
    }, model =>
    {
        foreach (var (key, seed, json) in records)
        {
            model[key] = new Content(seed, json is null ? "{}" : Compact(json));
        }
    });
}
