using System.Buffers.Binary;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// Deterministic mutations of valid store files, as a fuzzer makes them: bit flips, interesting
/// integers at the header's field offsets or anywhere, truncation, extension, splices from another
/// file, duplicated chunks; half the time the checksums are then re-sealed, to reach the checks
/// behind them.
/// </summary>
internal static class Mutator
{
    private static readonly int[] FieldOffsets = [0, 8, 12, 16, 24, 32, 36, 44, 52, 56, 64, 68, 72, 80, 81, 85];
    private static readonly long[] Interesting = [0, 1, -1, 2, 13, 21, 36, 56, 64, 127, 128, 255, 4096, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue, 1L << 31, 1L << 32, 1L << 40, 65_536, 65_537];

    public static byte[] Mutate(byte[] seed, IReadOnlyList<byte[]> others, Random random, string name)
    {
        var bytes = (byte[])seed.Clone();
        var rounds = random.Next(1, 5);
        for (var r = 0; r < rounds; r++)
        {
            bytes = MutateOnce(bytes, others, random);
        }

        if (random.Next(2) == 0)
        {
            Forge.Seal(name, bytes);
        }

        return bytes;
    }

    private static byte[] MutateOnce(byte[] bytes, IReadOnlyList<byte[]> others, Random random)
    {
        var at = bytes.Length == 0 ? 0 : random.Next(2) == 0 ? FieldOffsets[random.Next(FieldOffsets.Length)] : random.Next(bytes.Length);
        switch (random.Next(8))
        {
            case 0 when bytes.Length > 0:
                bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                return bytes;
            case 1 when at + 4 <= bytes.Length:
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), (int)Interesting[random.Next(Interesting.Length)]);
                return bytes;
            case 2 when at + 8 <= bytes.Length:
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), Interesting[random.Next(Interesting.Length)]);
                return bytes;
            case 3:
                return bytes[..random.Next(bytes.Length + 1)];
            case 4:
                var tail = new byte[random.Next(1, 200)];
                if (random.Next(2) == 0)
                {
                    random.NextBytes(tail);
                }

                return [.. bytes, .. tail];
            case 5 when others.Count > 0:
                var other = others[random.Next(others.Count)];
                var from = random.Next(other.Length + 1);
                var length = random.Next(other.Length - from + 1);
                var cut = Math.Min(at, bytes.Length);
                return [.. bytes.AsSpan(0, cut), .. other.AsSpan(from, length), .. bytes.AsSpan(cut)];
            case 6 when bytes.Length > 0:
                var start = random.Next(bytes.Length);
                var chunk = bytes.AsSpan(start, random.Next(Math.Min(64, bytes.Length - start)) + 1).ToArray();
                return [.. bytes, .. chunk];
            default:
                if (bytes.Length > 0)
                {
                    bytes[random.Next(bytes.Length)] = (byte)Interesting[random.Next(Interesting.Length)];
                }

                return bytes;
        }
    }
}
