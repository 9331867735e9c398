namespace VelesDb.Engine.Tests.Quantization;

/// <summary>Deterministic data sets for the quantized search: Gaussian noise, and tight clusters away from the origin.</summary>
internal static class QuantizedData
{
    public static float[] Random(Random random, int count, int dimension)
    {
        var all = new float[count * dimension];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = Gaussian(random);
        }

        return all;
    }

    /// <summary>
    /// <paramref name="count"/> vectors around <paramref name="clusters"/> centres far from the origin
    /// (offset 3, spread 1, cluster radius 0.05): most neighbours of a query are in one cluster and
    /// score almost alike, which is where a quantized bound is least sharp.
    /// </summary>
    public static float[] Clustered(Random random, int count, int dimension, int clusters)
    {
        var centres = new float[clusters * dimension];
        for (var i = 0; i < centres.Length; i++)
        {
            centres[i] = 3 + Gaussian(random);
        }

        var all = new float[count * dimension];
        for (var n = 0; n < count; n++)
        {
            var c = random.Next(clusters);
            for (var i = 0; i < dimension; i++)
            {
                all[(n * dimension) + i] = centres[(c * dimension) + i] + (0.05f * Gaussian(random));
            }
        }

        return all;
    }

    /// <summary>A query near a stored-looking point: one of <paramref name="vectors"/> with noise of <paramref name="noise"/>.</summary>
    public static float[] QueryNear(Random random, float[] vectors, int dimension, float noise)
    {
        var count = vectors.Length / dimension;
        var at = random.Next(count) * dimension;
        var query = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            query[i] = vectors[at + i] + (noise * Gaussian(random));
        }

        return query;
    }

    private static float Gaussian(Random random)
    {
        var u = 1 - random.NextDouble();
        var v = random.NextDouble();
        return (float)(Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v));
    }
}
