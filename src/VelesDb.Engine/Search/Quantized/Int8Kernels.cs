using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// The dot product of int8 codes with a query's codes, exact in int32 (at most 65,536 × 127² fits).
/// The query's codes are widened to int16 once per query, so each step sign-extends 16 or 32 stored
/// codes and multiplies and adds pairs into int32 lanes (vpmaddwd). Both spans have the same
/// length, a multiple of 16 (records pad their codes with zeros).
/// </summary>
internal static class Int8Kernels
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Dot(ReadOnlySpan<short> query, ReadOnlySpan<sbyte> codes)
    {
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var c = ref MemoryMarshal.GetReference(codes);
        var length = query.Length;
        var i = 0;
        var sum = 0;
        if (Avx512BW.IsSupported && length >= 32)
        {
            var acc0 = Vector512<int>.Zero;
            var acc1 = Vector512<int>.Zero;
            for (; i <= length - 64; i += 64)
            {
                acc0 = Avx512BW.Add(acc0, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)i)), Vector512.LoadUnsafe(ref q, (nuint)i)));
                acc1 = Avx512BW.Add(acc1, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)(i + 32))), Vector512.LoadUnsafe(ref q, (nuint)(i + 32))));
            }

            for (; i <= length - 32; i += 32)
            {
                acc0 = Avx512BW.Add(acc0, Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref c, (nuint)i)), Vector512.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector512.Sum(acc0 + acc1);
        }

        if (Avx2.IsSupported && length - i >= 16)
        {
            var acc0 = Vector256<int>.Zero;
            var acc1 = Vector256<int>.Zero;
            for (; i <= length - 32; i += 32)
            {
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)i)), Vector256.LoadUnsafe(ref q, (nuint)i)));
                acc1 = Avx2.Add(acc1, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)(i + 16))), Vector256.LoadUnsafe(ref q, (nuint)(i + 16))));
            }

            for (; i <= length - 16; i += 16)
            {
                acc0 = Avx2.Add(acc0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref c, (nuint)i)), Vector256.LoadUnsafe(ref q, (nuint)i)));
            }

            sum += Vector256.Sum(acc0 + acc1);
        }
        else if (Vector128.IsHardwareAccelerated && length - i >= 16)
        {
            var acc = Vector128<int>.Zero;
            for (; i <= length - 16; i += 16)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref c, (nuint)i));
                acc += WidenedProduct(low, Vector128.LoadUnsafe(ref q, (nuint)i)) + WidenedProduct(high, Vector128.LoadUnsafe(ref q, (nuint)(i + 8)));
            }

            sum += Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref c, i);
        }

        return sum;
    }

    private static Vector128<int> WidenedProduct(Vector128<short> codes, Vector128<short> query)
    {
        var (codesLow, codesHigh) = Vector128.Widen(codes);
        var (queryLow, queryHigh) = Vector128.Widen(query);
        return (codesLow * queryLow) + (codesHigh * queryHigh);
    }
}
