namespace VelesDb.Benchmarks;

/// <summary>
/// The vectors every store is fed, made from a fixed seed so every run and every store sees the
/// same bytes: <see cref="Count"/> vectors with ids 0..Count-1 for the bulk load, and
/// <see cref="ExtraCount"/> more (ids Count..) for the single durable inserts.
/// </summary>
internal sealed class DataSet
{
    public const int ExtraCount = 1000;
    public const ulong Seed = 0x5EED_7E1E_5DB0_0001;

    private readonly float[] _vectors;

    public DataSet(Shape shape)
    {
        Shape = shape;
        _vectors = new float[checked((long)(shape.Count + ExtraCount) * shape.Dimension)];
        Fill(_vectors, Seed);
    }

    public Shape Shape { get; }

    public int Count => Shape.Count;

    public int Dimension => Shape.Dimension;

    /// <summary>The vector stored under <paramref name="id"/> (bulk or extra).</summary>
    public ReadOnlySpan<float> Vector(ulong id) => _vectors.AsSpan(checked((int)id * Dimension), Dimension);

    /// <summary><paramref name="count"/> consecutive vectors starting at id <paramref name="first"/>, row-major.</summary>
    public ReadOnlySpan<float> Rows(ulong first, int count) => _vectors.AsSpan(checked((int)first * Dimension), count * Dimension);

    /// <summary>A deterministic shuffle of 0..n-1.</summary>
    public static ulong[] Permutation(int n, ulong seed)
    {
        var ids = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = (ulong)i;
        }

        var random = new SplitMix64(seed);
        for (var i = n - 1; i > 0; i--)
        {
            var j = (int)random.NextBelow((ulong)(i + 1));
            (ids[i], ids[j]) = (ids[j], ids[i]);
        }

        return ids;
    }

    /// <summary><paramref name="n"/> ids drawn uniformly (with repeats) from 0..bound-1.</summary>
    public static ulong[] RandomIds(int n, int bound, ulong seed)
    {
        var random = new SplitMix64(seed);
        var ids = new ulong[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = random.NextBelow((ulong)bound);
        }

        return ids;
    }

    private static void Fill(float[] values, ulong seed)
    {
        // Uniform in [-1, 1): 24 random bits per component, like a normalised embedding's range.
        var random = new SplitMix64(seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((random.Next() >> 40) * (2.0f / (1 << 24))) - 1.0f;
        }
    }
}
