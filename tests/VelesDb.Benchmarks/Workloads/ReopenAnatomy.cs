using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;

namespace VelesDb.Benchmarks.Workloads;

/// <summary>
/// What reopening a VelesDb store has to do at least, each step timed on its own with the page
/// cache warm (best of three): read the index checkpoint (vectors.idx) and checksum it with
/// CRC-32C, as the engine does. What a reopen takes beyond that is building its index in memory.
/// </summary>
internal static class ReopenAnatomy
{
    public static string Describe(string directory)
    {
        var path = Path.Combine(directory, "vectors.idx");
        if (!File.Exists(path))
        {
            return "reopen: no vectors.idx to time";
        }

        var bytes = File.ReadAllBytes(path);
        var read = Best(() => File.ReadAllBytes(path).Length);
        var checksum = Best(() => (int)Crc32C(bytes));
        return $"reopen, the least it must do: read vectors.idx ({bytes.Length / 1e6:0.0} MB) {read:0.0} ms; CRC-32C over it {checksum:0.0} ms; the rest of a reopen is building the index in memory and mapping the data file";
    }

    /// <summary>Each file of the store and its size, for the report.</summary>
    public static string Files(string directory) =>
        string.Join(", ", new DirectoryInfo(directory).EnumerateFiles().OrderBy(file => file.Name, StringComparer.Ordinal).Select(file => $"{file.Name} {file.Length / 1e6:0.0} MB"));

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
