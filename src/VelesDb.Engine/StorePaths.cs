using System.Globalization;

namespace VelesDb.Engine;

/// <summary>The names of a store's files inside its directory.</summary>
internal sealed class StorePaths(string directory)
{
    public const string IndexFileName = "vectors.idx";
    public const string WalFileName = "vectors.wal";
    public const string LockFileName = "veles.lock";
    public const string DataFilePattern = "vectors.*.dat";

    public string Directory { get; } = directory;

    public string Index { get; } = Path.Combine(directory, IndexFileName);

    public string Wal { get; } = Path.Combine(directory, WalFileName);

    public string Lock { get; } = Path.Combine(directory, LockFileName);

    public string Data(long generation) =>
        Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"vectors.{generation:D6}.dat"));
}
