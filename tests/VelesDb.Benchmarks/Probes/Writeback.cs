using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace VelesDb.Benchmarks.Probes;

/// <summary>
/// Lets the kernel finish writing back what earlier workloads left dirty, so that a workload
/// timed next does not pay for another's writeback: gigabytes of dirty pages make every new
/// write wait its turn (Linux throttles writers above the dirty threshold) and keep a core busy.
/// </summary>
internal static partial class Writeback
{
    private const long SettledBytes = 64L * 1024 * 1024;

    /// <summary>sync(2), then waits (at most <paramref name="patience"/>) until dirty and in-flight pages are below 64 MiB. Returns what was still pending.</summary>
    public static long Settle(TimeSpan patience)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        Sync();
        var started = Stopwatch.StartNew();
        long pending;
        while ((pending = PendingBytes()) > SettledBytes && started.Elapsed < patience)
        {
            Thread.Sleep(100);
        }

        return pending;
    }

    /// <summary>Dirty plus under-writeback bytes, from /proc/meminfo.</summary>
    private static long PendingBytes()
    {
        var total = 0L;
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            if (line.StartsWith("Dirty:", StringComparison.Ordinal) || line.StartsWith("Writeback:", StringComparison.Ordinal))
            {
                var kilobytes = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
                total += long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        return total;
    }

    [LibraryImport("libc", EntryPoint = "sync")]
    private static partial void Sync();
}
