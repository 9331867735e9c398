using System.Globalization;
using System.IO.Enumeration;

namespace VelesDb.Engine;

/// <summary>
/// The names of a store's files inside its directory. These names are the store's: it writes,
/// overwrites and deletes files of these names and no others. A folder may hold other files,
/// the user's, which the store never touches.
/// </summary>
internal sealed class StorePaths(string directory)
{
    public const string IndexFileName = "vectors.idx";
    public const string TempSuffix = ".tmp";
    public const string IndexTempFileName = IndexFileName + TempSuffix;
    public const string WalFileName = "vectors.wal";
    public const string LockFileName = "veles.lock";
    public const string DataFilePattern = "vectors.*.dat";
    public const string SettingsFileName = "vectors.settings";
    public const string SettingsTempFileName = SettingsFileName + TempSuffix;
    public const string QuantizedFilePattern = "vectors.*.q8";

    /// <summary>Names that are not the store's but look like them (a copy, a backup): Create wants them confirmed.</summary>
    private static readonly string[] LookAlikePatterns = [DataFilePattern, QuantizedFilePattern, "vectors.*" + TempSuffix, "vectors.*.wal", "vectors.*.idx", "vectors.*.settings"];

    public string Directory { get; } = directory;

    public string Index { get; } = Path.Combine(directory, IndexFileName);

    public string IndexTemp { get; } = TempOf(Path.Combine(directory, IndexFileName));

    public string Wal { get; } = Path.Combine(directory, WalFileName);

    /// <summary>The temp file a file of the store is written to before it is renamed over <paramref name="path"/>.</summary>
    public static string TempOf(string path) => path + TempSuffix;

    public string Lock { get; } = Path.Combine(directory, LockFileName);

    public string Data(long generation) =>
        Path.Combine(Directory, DataFileName(generation));

    /// <summary>The store's settings (<see cref="Format.StoreSettings"/>); absent while they are the defaults.</summary>
    public string Settings => Path.Combine(Directory, SettingsFileName);

    /// <summary>The int8 quantized copy of a generation's vectors (derived data, rebuilt whenever it is missing, stale or damaged).</summary>
    public string Quantized(long generation) =>
        Path.Combine(Directory, QuantizedFileName(generation));

    /// <summary>The generation whose data file is called <paramref name="fileName"/>, if it is one the store could have issued.</summary>
    public static bool TryParseGeneration(string fileName, out long generation) =>
        TryParseGeneration(fileName, ".dat", out generation);

    /// <summary>The generation whose quantized copy is called <paramref name="fileName"/>, if it is one the store could have written.</summary>
    public static bool TryParseQuantizedGeneration(string fileName, out long generation) =>
        TryParseGeneration(fileName, ".q8", out generation);

    private static bool TryParseGeneration(string fileName, string suffix, out long generation)
    {
        generation = 0;
        const string Prefix = "vectors.";
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal) || !fileName.EndsWith(suffix, StringComparison.Ordinal)
            || !long.TryParse(fileName.AsSpan(Prefix.Length, Math.Max(0, fileName.Length - Prefix.Length - suffix.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out generation))
        {
            return false;
        }

        // Exactly the spelling the store writes: "vectors.7.dat" or "vectors.0000007.dat" is someone else's.
        return generation > 0 && string.Equals(fileName, string.Create(CultureInfo.InvariantCulture, $"vectors.{generation:D6}{suffix}"), StringComparison.Ordinal);
    }

    /// <summary>True for a name the store writes itself (other than the index, whose presence means a store is there).</summary>
    public static bool IsStoreName(string fileName) =>
        fileName is WalFileName or IndexTempFileName or LockFileName or SettingsFileName or SettingsTempFileName
        || TryParseGeneration(fileName, out _) || TryParseQuantizedGeneration(fileName, out _);

    /// <summary>True for a name that looks like a store file but is none the store writes.</summary>
    public static bool LooksLikeStoreName(string fileName) =>
        !IsStoreName(fileName) && fileName != IndexFileName
        && LookAlikePatterns.Any(pattern => FileSystemName.MatchesSimpleExpression(pattern, fileName, ignoreCase: OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()));

    private static string DataFileName(long generation) =>
        string.Create(CultureInfo.InvariantCulture, $"vectors.{generation:D6}.dat");

    private static string QuantizedFileName(long generation) =>
        string.Create(CultureInfo.InvariantCulture, $"vectors.{generation:D6}.q8");
}
