namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// A query prepared for the quantized scan: its 7-bit codes offset into bytes (for <see cref="Int8Kernels"/>),
/// its own quantization error, and the exact terms each metric adds. The quantized dot product is
/// taken with the query itself for DotProduct and Cosine (q·x = q·(x−μ) + q·μ) and with q − μ for
/// Euclidean (‖q−x‖² = ‖q−μ‖² + ‖x−μ‖² − 2(q−μ)·(x−μ)), so the centre never changes a score.
/// </summary>
internal sealed class QueryCodes
{
    private QueryCodes(byte[] codes, QuantizedVector quantized, double norm, double centredSquaredNorm, double dotCentre, double roundingFactor)
    {
        Codes = codes;
        Quantized = quantized;
        Norm = norm;
        CentredSquaredNorm = centredSquaredNorm;
        DotCentre = dotCentre;
        RoundingFactor = roundingFactor;
    }

    public byte[] Codes { get; }

    public QuantizedVector Quantized { get; }

    /// <summary>‖q‖.</summary>
    public double Norm { get; }

    /// <summary>‖q − μ‖².</summary>
    public double CentredSquaredNorm { get; }

    /// <summary>q·μ.</summary>
    public double DotCentre { get; }

    /// <summary>
    /// γ: a float32 sum of d products, as the exact scan computes, is within γ·Σ|aᵢbᵢ| of the real
    /// sum (γ ≈ d·2⁻²⁴; taken twice as large, with room for the norms' own rounding).
    /// </summary>
    public double RoundingFactor { get; }

    public static QueryCodes For(ReadOnlySpan<float> query, DistanceMetric metric, float[] centre)
    {
        var dimension = query.Length;
        var codes = new sbyte[QuantizedFile.PaddedCodes(dimension)];
        var quantized = QuantizedVector.Quantize(query, metric == DistanceMetric.Euclidean ? centre : default, codes, QuantizedVector.QueryLevels);
        var norm = 0.0;
        var centred = 0.0;
        var dotCentre = 0.0;
        for (var i = 0; i < dimension; i++)
        {
            norm += (double)query[i] * query[i];
            var d = (double)query[i] - centre[i];
            centred += d * d;
            dotCentre += (double)query[i] * centre[i];
        }

        return new QueryCodes(Array.ConvertAll(codes, c => (byte)(c + Int8Kernels.QueryOffset)), quantized, Math.Sqrt(norm), centred, dotCentre, (dimension + 8) * 1.2e-7);
    }
}
