namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The vectors the fault tests write. Component 0 holds the version and component 1 the id (both
/// exact small integers), the rest are derived from both; so any vector read back either decodes
/// to exactly one (id, version) and matches it bit for bit, or it is torn or misplaced.
/// </summary>
internal static class Payload
{
    public const int MaxVersion = 1 << 24;

    public static float[] For(ulong id, int version, int dimension)
    {
        var vector = new float[dimension];
        Fill(id, version, vector);
        return vector;
    }

    public static void Fill(ulong id, int version, Span<float> vector)
    {
        vector[0] = version;
        if (vector.Length > 1)
        {
            vector[1] = id % (1UL << 24);
        }

        var state = Mix(id, version);
        for (var i = 2; i < vector.Length; i++)
        {
            state = (state * 6364136223846793005UL) + 1442695040888963407UL;
            vector[i] = (float)((state >> 40) / (double)(1UL << 24)) - 0.5f;
        }
    }

    public static float[] Batch(IReadOnlyList<ulong> ids, int version, int dimension)
    {
        var all = new float[ids.Count * dimension];
        for (var i = 0; i < ids.Count; i++)
        {
            Fill(ids[i], version, all.AsSpan(i * dimension, dimension));
        }

        return all;
    }

    /// <summary>The version <paramref name="vector"/> was written with, or null when it is not exactly a vector of <paramref name="id"/>.</summary>
    public static int? Decode(ulong id, ReadOnlySpan<float> vector)
    {
        var version = vector[0];
        if (!float.IsFinite(version) || version < 0 || version >= MaxVersion || version != MathF.Floor(version))
        {
            return null;
        }

        var expected = vector.Length <= 4096 ? stackalloc float[vector.Length] : new float[vector.Length];
        Fill(id, (int)version, expected);
        return vector.SequenceEqual(expected) ? (int)version : null;
    }

    /// <summary>A 64-bit mix of (id, version), also the summand of the model's state hash.</summary>
    public static ulong Mix(ulong id, int version)
    {
        var x = (id * 0x9E3779B97F4A7C15UL) ^ ((ulong)(uint)version * 0xC2B2AE3D27D4EB4FUL);
        x ^= x >> 31;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 29;
        return x;
    }
}
