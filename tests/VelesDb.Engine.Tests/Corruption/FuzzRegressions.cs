namespace VelesDb.Engine.Tests.Corruption;

/// <summary>
/// Inputs that once broke a reader, found by <see cref="FuzzTests"/> or the SharpFuzz harness
/// (tests/VelesDb.Fuzz), kept as hex and replayed by every run before any new mutation. Add a
/// finding here, with a line saying what it broke, rather than deleting the failing run.
/// </summary>
internal static class FuzzRegressions
{
    public static IReadOnlyDictionary<string, string[]> Inputs { get; } = new Dictionary<string, string[]>
    {
        [StorePaths.IndexFileName] =
        [
            // A 264-byte index (table of 16) with valid checksums whose high-water mark is 2^48:
            // OverflowException in SlotIndex.FromTable instead of a corrupt-index error.
            "56454c45534944580100000004000000010000000000000003000000000000003cf585c1000000000001000004000000" +
            "0000000010000000d523b2b5ad5d0a2612c7d67c000000000000000000000000ffffffff0000000000000000ffffffff" +
            "0200000000000000feffffff0000000000000000ffffffff0000000000000000ffffffff040000000000000003000000" +
            "0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff010000000000000005000000" +
            "0000000000000000ffffffff0000000000000000ffffffff0300000000000000020000000000000000000000ffffffff" +
            "0000000000000000ffffffff050000000000000004000000",
        ],
        [StorePaths.WalFileName] = [],

        // For the whole open path, with the index's checksums recomputed before it is laid out.
        ["open-" + StorePaths.IndexFileName] =
        [
            // A high-water mark of 0xFF00000000000000 slots: OverflowException in SlotIndex.FromTable.
            "56454c45534944580100000004000000010000000000000000000000000000005572c11a000000000000ff0000000000" +
            "00000000100000001575cf8071d4fb9403af9410000000ffffffff0000000000ffffffff0000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff",
        ],
        ["header"] =
        [
            // One byte: shorter than the magic.
            "56",
        ],
    };

    public static IEnumerable<byte[]> For(string target) =>
        Inputs.TryGetValue(target, out var inputs) ? inputs.Select(Convert.FromHexString) : [];
}
