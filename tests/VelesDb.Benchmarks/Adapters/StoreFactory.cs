namespace VelesDb.Benchmarks.Adapters;

/// <summary>The stores under test, by name, configured for a shape.</summary>
internal static class StoreFactory
{
    public static IReadOnlyList<string> Names { get; } = ["VelesDb", "seed design", "raw log", "LMDB", "SQLite"];

    public static IVectorStoreUnderTest Create(string name, Shape shape) => name switch
    {
        "VelesDb" => new VelesDbAdapter(),
        "seed design" => new SeedDesignAdapter(),
        "raw log" => new RawLogAdapter(),
        "LMDB" => new LmdbAdapter { MapSize = LmdbMapSize(shape) },
        "SQLite" => new SqliteAdapter(),
        _ => throw new ArgumentException($"No store is called '{name}'. Stores: {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>Why a store cannot run on this machine, or null when it can.</summary>
    public static string? Unavailable(string name) => name == "LMDB" ? LmdbLibrary.Failure : null;

    /// <summary>Room for the data, one page per value at worst, and the copy-on-write pages of a batch.</summary>
    private static long LmdbMapSize(Shape shape)
    {
        var perValue = (((shape.Dimension * sizeof(float)) + 4095) / 4096 * 4096) + 64;
        return ((long)(shape.Count + DataSet.ExtraCount) * perValue * 2) + (256L << 20);
    }
}
