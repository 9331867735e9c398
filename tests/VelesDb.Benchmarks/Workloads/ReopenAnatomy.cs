using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics;

namespace VelesDb.Benchmarks.Workloads;

/// <summary>
/// What reopening a VelesDb store has to do at least, each step timed on its own with the page
/// cache warm: read the index checkpoint (vectors.idx), checksum it (CRC-32C, as the engine does),
/// and load its entries into a map, as a ConcurrentDictionary and as a
/// presized Dictionary, for comparison.
/// </summary>
internal static class ReopenAnatomy
{
    public static string Describe(string directory)
    {
        var path = Path.Combine(directory, "vectors.idx");
        if (!File.Exists(path))
        {
            return "reopen: no vectors.idx to take apart";
        }

        // Each step's best of three, so the first run's compilation is not counted.
        var bytes = File.ReadAllBytes(path);
        var entries = (bytes.Length - 60) / 16;
        var read = Best(() => File.ReadAllBytes(path).Length);
        var checksum = Best(() => (int)Crc32C(bytes));
        var concurrentLoad = Best(() => LoadConcurrent(bytes, entries).Count);
        var plainLoad = Best(() => LoadPlain(bytes, entries).Count);
        return $"reopen, the least it must do: read vectors.idx ({bytes.Length / 1e6:0.0} MB, {entries:N0} entries) {read:0.0} ms; " +
            $"CRC-32C over it {checksum:0.0} ms; load the entries into a ConcurrentDictionary {concurrentLoad:0.0} ms " +
            $"(a presized Dictionary: {plainLoad:0.0} ms)";
    }

    private static uint Crc32C(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFF_FFFFu;
        while (bytes.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(bytes));
            bytes = bytes[8..];
        }

        return ~crc;
    }

    private static ConcurrentDictionary<ulong, long> LoadConcurrent(byte[] bytes, int entries)
    {
        var map = new ConcurrentDictionary<ulong, long>(Environment.ProcessorCount, entries);
        var pairs = bytes.AsSpan(56, entries * 16);
        for (var i = 0; i < entries; i++)
        {
            map[BinaryPrimitives.ReadUInt64LittleEndian(pairs[(i * 16)..])] = (long)BinaryPrimitives.ReadUInt64LittleEndian(pairs[((i * 16) + 8)..]);
        }

        return map;
    }

    private static Dictionary<ulong, long> LoadPlain(byte[] bytes, int entries)
    {
        var map = new Dictionary<ulong, long>(entries);
        var pairs = bytes.AsSpan(56, entries * 16);
        for (var i = 0; i < entries; i++)
        {
            map[BinaryPrimitives.ReadUInt64LittleEndian(pairs[(i * 16)..])] = (long)BinaryPrimitives.ReadUInt64LittleEndian(pairs[((i * 16) + 8)..]);
        }

        return map;
    }

    /// <summary>The fastest of three runs, in milliseconds.</summary>
    private static double Best(Func<int> step)
    {
        var best = double.MaxValue;
        for (var r = 0; r < 3; r++)
        {
            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(step());
            best = Math.Min(best, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return best;
    }
}
