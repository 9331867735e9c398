using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VelesDb.Engine.Search;

/// <summary>
/// Dot product, cosine's dot-and-norm, and squared Euclidean distance for the scan's inner loop. TensorPrimitives' general
/// aggregation path spends more on alignment handling than on arithmetic for vectors of a few
/// hundred floats at the (16-byte aligned) slot addresses; these plain loops measured twice as
/// fast in the scan. Four independent fused-multiply-add chains per sum keep the FMA units busy
/// instead of waiting on one chain's latency, which is what bounds a 128-float vector.
/// </summary>
internal static class Kernels
{
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        var length = x.Length;
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            var acc2 = Vector256<float>.Zero;
            var acc3 = Vector256<float>.Zero;
            for (; i <= length - 32; i += 32)
            {
                acc0 = Vector256.FusedMultiplyAdd(Load256(ref a, i), Load256(ref b, i), acc0);
                acc1 = Vector256.FusedMultiplyAdd(Load256(ref a, i + 8), Load256(ref b, i + 8), acc1);
                acc2 = Vector256.FusedMultiplyAdd(Load256(ref a, i + 16), Load256(ref b, i + 16), acc2);
                acc3 = Vector256.FusedMultiplyAdd(Load256(ref a, i + 24), Load256(ref b, i + 24), acc3);
            }

            for (; i <= length - 8; i += 8)
            {
                acc0 = Vector256.FusedMultiplyAdd(Load256(ref a, i), Load256(ref b, i), acc0);
            }

            sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector128.IsHardwareAccelerated && length >= 8)
        {
            var acc0 = Vector128<float>.Zero;
            var acc1 = Vector128<float>.Zero;
            for (; i <= length - 8; i += 8)
            {
                acc0 = Vector128.FusedMultiplyAdd(Load128(ref a, i), Load128(ref b, i), acc0);
                acc1 = Vector128.FusedMultiplyAdd(Load128(ref a, i + 4), Load128(ref b, i + 4), acc1);
            }

            sum = Vector128.Sum(acc0 + acc1);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref a, i) * Unsafe.Add(ref b, i);
        }

        return sum;
    }

    /// <summary>The dot product of x and y, and y's squared norm, in one pass over y.</summary>
    public static (float Dot, float SquaredNorm) DotAndSquaredNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        var length = x.Length;
        var i = 0;
        var dot = 0f;
        var norm = 0f;
        if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            var dot0 = Vector256<float>.Zero;
            var dot1 = Vector256<float>.Zero;
            var dot2 = Vector256<float>.Zero;
            var dot3 = Vector256<float>.Zero;
            var norm0 = Vector256<float>.Zero;
            var norm1 = Vector256<float>.Zero;
            var norm2 = Vector256<float>.Zero;
            var norm3 = Vector256<float>.Zero;
            for (; i <= length - 32; i += 32)
            {
                var y0 = Load256(ref b, i);
                var y1 = Load256(ref b, i + 8);
                var y2 = Load256(ref b, i + 16);
                var y3 = Load256(ref b, i + 24);
                dot0 = Vector256.FusedMultiplyAdd(Load256(ref a, i), y0, dot0);
                dot1 = Vector256.FusedMultiplyAdd(Load256(ref a, i + 8), y1, dot1);
                dot2 = Vector256.FusedMultiplyAdd(Load256(ref a, i + 16), y2, dot2);
                dot3 = Vector256.FusedMultiplyAdd(Load256(ref a, i + 24), y3, dot3);
                norm0 = Vector256.FusedMultiplyAdd(y0, y0, norm0);
                norm1 = Vector256.FusedMultiplyAdd(y1, y1, norm1);
                norm2 = Vector256.FusedMultiplyAdd(y2, y2, norm2);
                norm3 = Vector256.FusedMultiplyAdd(y3, y3, norm3);
            }

            for (; i <= length - 8; i += 8)
            {
                var y0 = Load256(ref b, i);
                dot0 = Vector256.FusedMultiplyAdd(Load256(ref a, i), y0, dot0);
                norm0 = Vector256.FusedMultiplyAdd(y0, y0, norm0);
            }

            dot = Vector256.Sum((dot0 + dot1) + (dot2 + dot3));
            norm = Vector256.Sum((norm0 + norm1) + (norm2 + norm3));
        }
        else if (Vector128.IsHardwareAccelerated && length >= 8)
        {
            var dot0 = Vector128<float>.Zero;
            var dot1 = Vector128<float>.Zero;
            var norm0 = Vector128<float>.Zero;
            var norm1 = Vector128<float>.Zero;
            for (; i <= length - 8; i += 8)
            {
                var y0 = Load128(ref b, i);
                var y1 = Load128(ref b, i + 4);
                dot0 = Vector128.FusedMultiplyAdd(Load128(ref a, i), y0, dot0);
                dot1 = Vector128.FusedMultiplyAdd(Load128(ref a, i + 4), y1, dot1);
                norm0 = Vector128.FusedMultiplyAdd(y0, y0, norm0);
                norm1 = Vector128.FusedMultiplyAdd(y1, y1, norm1);
            }

            dot = Vector128.Sum(dot0 + dot1);
            norm = Vector128.Sum(norm0 + norm1);
        }

        for (; i < length; i++)
        {
            var yi = Unsafe.Add(ref b, i);
            dot += Unsafe.Add(ref a, i) * yi;
            norm += yi * yi;
        }

        return (dot, norm);
    }

    public static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        ref var a = ref MemoryMarshal.GetReference(x);
        ref var b = ref MemoryMarshal.GetReference(y);
        var length = x.Length;
        var i = 0;
        var sum = 0f;
        if (Vector256.IsHardwareAccelerated && length >= 8)
        {
            var acc0 = Vector256<float>.Zero;
            var acc1 = Vector256<float>.Zero;
            var acc2 = Vector256<float>.Zero;
            var acc3 = Vector256<float>.Zero;
            for (; i <= length - 32; i += 32)
            {
                var d0 = Load256(ref a, i) - Load256(ref b, i);
                var d1 = Load256(ref a, i + 8) - Load256(ref b, i + 8);
                var d2 = Load256(ref a, i + 16) - Load256(ref b, i + 16);
                var d3 = Load256(ref a, i + 24) - Load256(ref b, i + 24);
                acc0 = Vector256.FusedMultiplyAdd(d0, d0, acc0);
                acc1 = Vector256.FusedMultiplyAdd(d1, d1, acc1);
                acc2 = Vector256.FusedMultiplyAdd(d2, d2, acc2);
                acc3 = Vector256.FusedMultiplyAdd(d3, d3, acc3);
            }

            for (; i <= length - 8; i += 8)
            {
                var d0 = Load256(ref a, i) - Load256(ref b, i);
                acc0 = Vector256.FusedMultiplyAdd(d0, d0, acc0);
            }

            sum = Vector256.Sum((acc0 + acc1) + (acc2 + acc3));
        }
        else if (Vector128.IsHardwareAccelerated && length >= 8)
        {
            var acc0 = Vector128<float>.Zero;
            var acc1 = Vector128<float>.Zero;
            for (; i <= length - 8; i += 8)
            {
                var d0 = Load128(ref a, i) - Load128(ref b, i);
                var d1 = Load128(ref a, i + 4) - Load128(ref b, i + 4);
                acc0 = Vector128.FusedMultiplyAdd(d0, d0, acc0);
                acc1 = Vector128.FusedMultiplyAdd(d1, d1, acc1);
            }

            sum = Vector128.Sum(acc0 + acc1);
        }

        for (; i < length; i++)
        {
            var d = Unsafe.Add(ref a, i) - Unsafe.Add(ref b, i);
            sum += d * d;
        }

        return sum;
    }

    /// <summary>The index of the first NaN or infinity, or -1. Vectorised: x - x is 0 exactly when x is finite.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndexOfNonFinite(ReadOnlySpan<float> values)
    {
        ref var a = ref MemoryMarshal.GetReference(values);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= values.Length - 8; i += 8)
            {
                var v = Load256(ref a, i);
                if (!Vector256.EqualsAll(v - v, Vector256<float>.Zero))
                {
                    break;
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(Unsafe.Add(ref a, i)))
            {
                return i;
            }
        }

        return -1;
    }

    private static Vector256<float> Load256(ref float start, int offset) => Vector256.LoadUnsafe(ref start, (nuint)offset);

    private static Vector128<float> Load128(ref float start, int offset) => Vector128.LoadUnsafe(ref start, (nuint)offset);
}
