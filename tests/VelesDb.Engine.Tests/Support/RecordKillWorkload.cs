using System.Globalization;
using System.Text;
using System.Text.Json;
using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The records workload of the real-process kill tests, shared by the child that runs it
/// (VelesDb.CrashWriter, mode "records") and the test that checks what it left: both derive the
/// same endless steps from the same seed, and every vector and attribute value from its key and
/// a version alone, so the child reports only "B n kind" and "A n" and the parent knows the rest.
/// Each step is one write scope committed as a single batch (atomic in the log), or a compaction.
/// </summary>
internal static class RecordKillWorkload
{
    public const int Dimension = 32;

    /// <summary>How many keys the small pools hold: few enough that steps overwrite and delete what earlier ones wrote.</summary>
    private const int PoolSize = 600;

    /// <summary>How many keys the bulk pool holds: it bounds the store, however many rounds write to it.</summary>
    private const int BulkPoolSize = 6000;

    /// <summary>The steps from <paramref name="seed"/>, without end; step i writes at version <paramref name="versionBase"/> + i + 1.</summary>
    public static IEnumerable<RecordKillStep> Steps(int seed, int versionBase)
    {
        var random = new Random(seed);
        for (var i = 0; ; i++)
        {
            var roll = random.Next(100);
            var kind = roll switch
            {
                < 36 => RecordKillKind.Add,
                < 56 => RecordKillKind.Set,
                < 80 => RecordKillKind.Remove,
                < 88 => RecordKillKind.Compact,
                _ => RecordKillKind.Bulk,
            };
            var keys = kind switch
            {
                RecordKillKind.Add => Distinct(random, random.Next(1, 30), PoolKey),
                RecordKillKind.Set or RecordKillKind.Remove => Distinct(random, random.Next(1, 20), PoolKey),
                RecordKillKind.Bulk => Distinct(random, random.Next(1200, 2400), BulkKey),
                _ => [],
            };
            yield return new RecordKillStep(i, kind, versionBase + i + 1, keys);
        }
    }

    /// <summary>Runs one step against the store: one committed write scope (one batch), or a compaction.</summary>
    public static void Run(MmapVectorStore store, RecordKillStep step)
    {
        if (step.Kind == RecordKillKind.Compact)
        {
            _ = store.Compact();
            return;
        }

        // One batch for the whole step, so the log carries it as one record: applied wholly or not at all.
        using var scope = store.BeginWrite(new WriteScopeOptions { BatchSize = Math.Max(1, step.Keys.Length) });
        foreach (var key in step.Keys)
        {
            switch (step.Kind)
            {
                case RecordKillKind.Add:
                case RecordKillKind.Bulk:
                    var attributes = AttributesOf(key, step.Version);
                    scope.Add(key, VectorOf(key, step.Version), attributes.IsEmpty ? null : attributes);
                    break;
                case RecordKillKind.Set:
                    _ = scope.SetAttributes(key, AttributesOf(key, step.Version));
                    break;
                default:
                    scope.Remove(key);
                    break;
            }
        }

        scope.Commit();
    }

    /// <summary>The vector a step at <paramref name="version"/> writes for <paramref name="key"/>: 24-bit fractions, exact in a float, different for every key and version.</summary>
    public static float[] VectorOf(RecordKey key, int version)
    {
        var vector = new float[Dimension];
        var state = Hash(key) ^ ((ulong)(uint)version * 0x9E3779B97F4A7C15UL);
        for (var i = 0; i < vector.Length; i++)
        {
            vector[i] = (Mix(ref state) >> 40) / (float)(1 << 24);
        }

        return vector;
    }

    /// <summary>
    /// The attributes a step at <paramref name="version"/> gives <paramref name="key"/>: none for
    /// every sixth version; otherwise an object naming the key and version, with nested values,
    /// non-ASCII text and a padding of varying length (a few kilobytes for every thirteenth).
    /// </summary>
    public static RecordAttributes AttributesOf(RecordKey key, int version)
    {
        if (version % 6 == 0)
        {
            return RecordAttributes.Empty;
        }

        var json = new StringBuilder(256);
        _ = json.Append(CultureInfo.InvariantCulture, $"{{\"key\":{JsonSerializer.Serialize(key.ToString())},\"v\":{version},\"even\":{(version % 2 == 0 ? "true" : "false")},")
            .Append(CultureInfo.InvariantCulture, $"\"score\":{version % 1000}.25,\"tags\":[\"t{version % 5}\",\"ü☃\"],\"nested\":{{\"at\":[1,null,\"x{version % 3}\"]}},")
            .Append(CultureInfo.InvariantCulture, $"\"pad\":\"{new string('p', version % 37)}\"");
        if (version % 13 == 0)
        {
            _ = json.Append(CultureInfo.InvariantCulture, $",\"big\":\"{new string('b', 3000 + (version % 500))}\"");
        }

        return RecordAttributes.FromJson(json.Append('}').ToString());
    }

    /// <summary>
    /// A key of the small pools: integer keys (a few near the top of the range) and text keys of
    /// several shapes, non-ASCII, with blanks, with a leading zero (text, not an integer), and long.
    /// </summary>
    private static RecordKey PoolKey(Random random)
    {
        var n = random.Next(PoolSize);
        if (random.Next(2) == 0)
        {
            return RecordKey.FromNumber(n % 50 == 0 ? ulong.MaxValue - (ulong)n : (ulong)n);
        }

        return RecordKey.FromText((n % 5) switch
        {
            0 => $"doc-{n}",
            1 => $"ключ/{n}",
            2 => $"☃ {n} ☃",
            3 => $"0{n}",
            _ => n % 3 == 0 ? new string('k', 900) + n.ToString(CultureInfo.InvariantCulture) : $"path/to/file-{n}.txt",
        });
    }

    private static RecordKey BulkKey(Random random)
    {
        var n = random.Next(BulkPoolSize);
        return n % 2 == 0 ? RecordKey.FromNumber(100_000 + (ulong)n) : RecordKey.FromText($"bulk/{n}");
    }

    private static RecordKey[] Distinct(Random random, int count, Func<Random, RecordKey> next)
    {
        var keys = new HashSet<RecordKey>();
        while (keys.Count < count)
        {
            _ = keys.Add(next(random));
        }

        return [.. keys];
    }

    /// <summary>FNV-1a of the key's kind and bytes: the same in every process (string.GetHashCode is not).</summary>
    private static ulong Hash(RecordKey key)
    {
        var hash = 14695981039346656037UL;
        var bytes = key.IsText ? key.TextUtf8() : BitConverter.GetBytes(key.Number);
        hash = (hash ^ (key.IsText ? 1UL : 0UL)) * 1099511628211UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private static ulong Mix(ref ulong state)
    {
        var z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
