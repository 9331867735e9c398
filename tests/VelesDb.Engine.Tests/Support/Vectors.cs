namespace VelesDb.Engine.Tests.Support;

/// <summary>Deterministic test vectors: every component encodes (id, version), so a torn or misplaced vector shows.</summary>
internal static class Vectors
{
    public static float[] For(ulong id, int dimension, int version = 0)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            vector[i] = (float)((id % 100_000) + (version * 0.5) + (i * 1e-3));
        }

        return vector;
    }

    public static float[] Batch(IReadOnlyList<ulong> ids, int dimension, int version = 0)
    {
        var all = new float[ids.Count * dimension];
        for (var i = 0; i < ids.Count; i++)
        {
            For(ids[i], dimension, version).CopyTo(all, i * dimension);
        }

        return all;
    }
}
