using System.Globalization;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The long variants of the fault tests run when VELESDB_SOAK=1: every kill point of every
/// kind, thousands of kills, full sweeps. The normal run takes a fixed, deterministic sample.
/// </summary>
internal static class Soak
{
    public static bool Enabled { get; } = Environment.GetEnvironmentVariable("VELESDB_SOAK") == "1";

    /// <summary>A count from an environment variable, else <paramref name="soak"/> when soaking, else <paramref name="normal"/>.</summary>
    public static int Count(string variable, int normal, int soak) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : Enabled ? soak : normal;

    /// <summary>Everything when soaking; otherwise everything <paramref name="always"/> keeps and every <paramref name="stride"/>-th of the rest.</summary>
    public static IEnumerable<T> Sample<T>(IEnumerable<T> items, Func<T, bool> always, int stride)
    {
        var i = 0;
        foreach (var item in items)
        {
            if (Enabled || always(item) || i++ % stride == 0)
            {
                yield return item;
            }
        }
    }
}
