using System.Diagnostics;

namespace VelesDb.Benchmarks;

/// <summary>Timing and the few statistics the report uses.</summary>
internal static class Measure
{
    public static double Seconds(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public static double SecondsSince(long timestamp) => Stopwatch.GetElapsedTime(timestamp).TotalSeconds;

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No values to take the median of.", nameof(values));
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /// <summary>Nearest-rank percentile (rank = ⌈p·n⌉): always a value that was measured.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = Math.Max(1, (int)Math.Ceiling(p * sorted.Length));
        return sorted[rank - 1];
    }

    /// <summary>Bytes of the files under <paramref name="directory"/>, as their lengths say.</summary>
    public static long DirectoryBytes(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
}
