namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// Scalar quantization of one vector (stored or query) around a centre μ: codes c in −L..L (L = 127
/// for stored vectors, 63 for queries, see <see cref="Int8Kernels"/>) and a scale s with x − μ = s·c + e. Computed in double from the float components so that the error
/// norm ‖e‖ is known, not estimated: for two quantized vectors a, b the dot product (a−μa)·(b−μb)
/// differs from s_a·s_b·(c_a·c_b) by at most N_a·E_b + E_a·N_b + E_a·E_b (Cauchy–Schwarz), with
/// N = s·‖c‖. Norms are rounded up to the next float so the bound stays a bound.
/// </summary>
internal readonly record struct QuantizedVector(float Scale, float CodeNorm, float ErrorNorm, float Norm, float CentredSquaredNorm, int CodeSum)
{
    public const int StoredLevels = 127;
    public const int QueryLevels = 63;

    /// <summary>Quantizes <paramref name="vector"/> − <paramref name="centre"/> (an empty centre means zero) into <paramref name="codes"/>.</summary>
    public static QuantizedVector Quantize(ReadOnlySpan<float> vector, ReadOnlySpan<float> centre, Span<sbyte> codes, int levels = StoredLevels)
    {
        var max = 0.0;
        var norm = 0.0;
        var centredNorm = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            var x = (double)vector[i];
            var centred = x - (centre.IsEmpty ? 0.0 : centre[i]);
            max = Math.Max(max, Math.Abs(centred));
            norm += x * x;
            centredNorm += centred * centred;
        }

        var scale = (float)(max / levels);
        if (scale == 0 || !float.IsFinite(scale))
        {
            // Every component is the centre's (or too small to scale): the codes are zero and the error is the whole vector.
            codes.Clear();
            return new QuantizedVector(0f, 0f, RoundUp(Math.Sqrt(centredNorm)), (float)Math.Sqrt(norm), (float)centredNorm, 0);
        }

        var codeNorm = 0.0;
        var errorNorm = 0.0;
        var codeSum = 0;
        for (var i = 0; i < vector.Length; i++)
        {
            var centred = vector[i] - (centre.IsEmpty ? 0.0 : centre[i]);
            var code = Math.Clamp(Math.Round(centred / scale), -levels, levels);
            codes[i] = (sbyte)code;
            codeSum += (int)code;
            var error = centred - (scale * code);
            codeNorm += code * code;
            errorNorm += error * error;
        }

        codes[vector.Length..].Clear();
        return new QuantizedVector(scale, RoundUp(scale * Math.Sqrt(codeNorm)), RoundUp(Math.Sqrt(errorNorm)), (float)Math.Sqrt(norm), (float)centredNorm, codeSum);
    }

    /// <summary>The float just above <paramref name="value"/> (a relative margin far above double rounding), so a bound computed in double stays one.</summary>
    private static float RoundUp(double value) => MathF.BitIncrement((float)(value * (1 + 1e-12)));
}
