using VelesDb.Engine.Format;

namespace VelesDb.Engine.Tests.Support;

/// <summary>The workloads the fault tests run, and how one step is carried out against a store.</summary>
internal static class Workload
{
    /// <summary>
    /// A fixed script that reaches every write path once or more: small and overwriting puts,
    /// deletes (one of an absent id), flushes, compaction of a small and of a large generation,
    /// a put that grows the data file, growth without a write, and checkpoints when the log is
    /// kept small. Killing it at every I/O step covers every step of each of those paths.
    /// </summary>
    public static IReadOnlyList<WorkOp> Scripted(int dimension) =>
    [
        Put(1, Range(1, 8)),
        Put(2, [3]),
        new(WorkKind.Delete, [2, 5]),
        Put(3, [9, 10, 3]),
        new(WorkKind.Flush, []),
        new(WorkKind.Delete, [42]),
        new(WorkKind.Compact, []),
        Put(4, [11, 12, 13, 14]),
        new(WorkKind.Delete, [1]),
        Put(5, [4]),
        new(WorkKind.Flush, []),
        Put(6, Range(1000, GrowBatchSize(dimension))),
        new(WorkKind.Delete, Range(1000, 1000)),
        Put(7, [6, 7]),
        new(WorkKind.Compact, []),
        new(WorkKind.Reserve, [], Amount: GrowBatchSize(dimension)),
        Put(8, [20, 21]),
        new(WorkKind.Delete, [20]),
    ];

    /// <summary>
    /// For a store in Full durability: puts and a delete that defer their sync (the call's
    /// durability lowered to Process), small puts whose slots ride in the log and larger ones whose
    /// slots are only in the data file. Each is later made durable by a Flush, by a full-durability put (small, so
    /// its own record needs only the log synced), by a full-durability delete of an absent id
    /// (which writes nothing), or by a compaction. Then a deferred put that grows the data file,
    /// and deferred puts still unsynced when the store closes.
    /// </summary>
    public static IReadOnlyList<WorkOp> Unsynced(int dimension) =>
    [
        Put(1, Range(1, 8), unsynced: true),
        Put(2, Range(100, OutOfLogBatchSize(dimension)), unsynced: true),
        Put(3, [9, 10, 3]),
        Put(4, Range(200, OutOfLogBatchSize(dimension)), unsynced: true),
        new(WorkKind.Delete, [42]),
        Put(5, [4], unsynced: true),
        new(WorkKind.Flush, []),
        Put(6, [5, 6], unsynced: true),
        new(WorkKind.Delete, [5], Unsynced: true),
        new(WorkKind.Delete, [1]),
        Put(7, Range(300, OutOfLogBatchSize(dimension)), unsynced: true),
        new(WorkKind.Compact, []),
        Put(8, Range(1000, GrowBatchSize(dimension)), unsynced: true),
        Put(9, [20, 21], unsynced: true),
        new(WorkKind.Flush, []),
        Put(10, [22], unsynced: true),
    ];

    /// <summary>
    /// A random workload: mostly small puts (some deferring their sync) and deletes over a few thousand ids, with flushes,
    /// compactions, reservations and now and then a put large enough to grow the data file.
    /// Versions start above <paramref name="versionBase"/> so every round of a kill loop writes new ones.
    /// </summary>
    public static IReadOnlyList<WorkOp> Random(int seed, int count, int dimension, int versionBase)
    {
        var random = new Random(seed);
        var ops = new List<WorkOp>(count);
        for (var i = 0; i < count; i++)
        {
            var version = versionBase + i + 1;
            var roll = random.Next(100);
            ops.Add(roll switch
            {
                < 40 => Put(version, Pick(random, random.Next(1, 40), 0, 3000)),
                < 55 => Put(version, Pick(random, random.Next(1, 40), 0, 3000), unsynced: true),
                < 78 => new WorkOp(WorkKind.Delete, Pick(random, random.Next(1, 25), 0, 3000)),
                < 84 => new WorkOp(WorkKind.Flush, []),
                < 90 => new WorkOp(WorkKind.Compact, []),
                < 94 => new WorkOp(WorkKind.Reserve, [], Amount: random.Next(1, 2 * GrowBatchSize(dimension))),
                < 97 => Put(version, Range((ulong)(10_000 + (random.Next(8) * GrowBatchSize(dimension))), GrowBatchSize(dimension))),
                _ => new WorkOp(WorkKind.Delete, Range((ulong)(10_000 + (random.Next(8) * GrowBatchSize(dimension))), GrowBatchSize(dimension))),
            });
        }

        return ops;
    }

    /// <summary>Vectors in one batch too large for its slots to be carried in the log (over 64 KiB).</summary>
    public static int OutOfLogBatchSize(int dimension) => (64 * 1024 / new SlotLayout(dimension).SlotSize) + 2;

    /// <summary>Vectors in one batch that surely outgrow the initial 16 MiB data file.</summary>
    public static int GrowBatchSize(int dimension) => (int)((16L * 1024 * 1024 / new SlotLayout(dimension).SlotSize) + 16);

    public static void Execute(MmapVectorStore store, WorkOp op)
    {
        switch (op.Kind)
        {
            case WorkKind.Put:
                store.StoreBatch(op.Ids, op.Vectors(store.Dimension), op.Unsynced ? Durability.Process : store.Durability);
                break;
            case WorkKind.Delete:
                _ = store.DeleteBatch(op.Ids, op.Unsynced ? Durability.Process : store.Durability);
                break;
            case WorkKind.Compact:
                _ = store.Compact();
                break;
            case WorkKind.Reserve:
                store.ReserveCapacity(op.Amount);
                break;
            case WorkKind.Flush:
                store.Flush();
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(op), op.Kind, "unknown step");
        }
    }

    private static WorkOp Put(int version, ulong[] ids, bool unsynced = false) => new(WorkKind.Put, ids, version, Unsynced: unsynced);

    private static ulong[] Range(ulong first, int count) => [.. Enumerable.Range(0, count).Select(i => first + (ulong)i)];

    private static ulong[] Pick(Random random, int count, int from, int to) =>
        [.. Enumerable.Range(0, count).Select(_ => (ulong)random.Next(from, to))];
}
