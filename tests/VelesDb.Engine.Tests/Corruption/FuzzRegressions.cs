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

            // A version-2 index whose record section gives attributes to slot 7 of a store whose
            // high-water mark is past 2^31: OverflowException in SlotIndex.SetMeta.
            "56454c45534944580200000004000000010000000000000003000000000000005fc4b90a000000800000000001000000" +
            "0000000010000000da70987dc2d483b6d57a2298000000000000000000000000ffffffff0000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff0700000000000000010000000000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff0000000000000000ffffffff" +
            "0000000000000000ffffffff0000000000000000ffffffff33000000000000000200000093e919146662ab8ecd9e8104" +
            "010000000000100000007b226e616d65223a22736576656e227d0300000005000a000000646f632d327b2278223a7472" +
            "75657d",
        ],
        [StorePaths.WalFileName] =
        [
            // A Put whose attributes hold a byte that is not UTF-8 inside a property name:
            // InvalidOperationException from RecordAttributes instead of a torn log tail.
            "56454c455357414c020000000400000001000000000000000000000000000000a54b5dd0000000000000000000000000" +
            "00000000000000000000000000000000fc0000004624a2e9ff00000000000000c30300000041f0e2ee2d9f1dc1000000" +
            "0000000000e2b606f5070000000000000001000000000000006406d48e2120015b5dc9d4230200000000000000544887" +
            "37e2b606f50000000041f0e2ee2d9f1dc10000803fc520803f8941803f4e62803f6406d48e0000000007000000000000" +
            "000000e0403108e0406210e0409318e04054488737000000002120015b5dc9d4230000004062100040c5200040273100" +
            "40050027000000646f632d317b226e223a312c22ff616773223a5b2261222c2262225d2c226f223a7b2270223a6e756c" +
            "6c7d7d0000100000007b226e616d65223a22736576656e227d050000000000646f632d3256000000b024ac0a02000000" +
            "00000000c3010000002120015b5dc9d42303000000000000005448873754488737000000002120015b5dc9d423000000" +
            "4062100040c52000402731004005000a000000646f632d327b2278223a747275657d14000000f5591f94030000000000" +
            "000004010000000500646f632d31",
        ],

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
