namespace VelesDb.Engine.Mapping;

/// <summary>
/// How far the data file grows when it is full: at least double, at least 64 MiB more, and at
/// least what is asked, so a bulk import of N vectors resizes O(log N) times.
/// </summary>
internal static class GrowthPolicy
{
    public const long InitialBytes = 16L * 1024 * 1024;
    public const long MinimumGrowthBytes = 64L * 1024 * 1024;

    public static long NextLength(long currentLength, long requiredLength)
    {
        if (requiredLength <= currentLength)
        {
            return currentLength;
        }

        var doubled = currentLength > long.MaxValue / 2 ? long.MaxValue : currentLength * 2;
        return Math.Max(Math.Max(doubled, requiredLength + MinimumGrowthBytes), Math.Max(currentLength + MinimumGrowthBytes, InitialBytes));
    }
}
