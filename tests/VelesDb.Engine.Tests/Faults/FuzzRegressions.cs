namespace VelesDb.Engine.Tests.Faults;

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
            // A 60-byte index with valid checksums claiming a high-water mark of 2^43 slots and no
            // entries: SlotIndex's bitmap size overflows (OverflowException) instead of the index
            // being reported as corrupt.
            "56454c45534944580100000004000000010000000000000000000000000000005572c11a000000000000000800000000000000007d6803fa00000000",
        ],
        [StorePaths.WalFileName] = [],

        // For the whole open path, with the index's checksums recomputed before it is laid out
        // (found by the SharpFuzz harness, target index-sealed).
        ["open-" + StorePaths.IndexFileName] =
        [
            // The index names generation 0xFFEE00 (whose data file is not there): FileNotFoundException,
            // after the one data file that was there was deleted as stale.
            "56454c4553494458010000000400000000eeff000000000000000000000000005572c11a00000000000000000000000000000000ea9a704200010000",

            // A high-water mark of 0x1900100000000000 slots: OverflowException sizing the slot bitmap.
            "56454c45534944580100000004000000010000000000000000000000000000005572c11a00000000001000190000000000000000ea9a704200000000",
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
