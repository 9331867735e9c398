using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// The dot product of a query's codes with a record's int8 codes, exact in int32. The query's codes
/// are 7-bit (−63..63) and stored offset by <see cref="QueryOffset"/> as bytes 1..127, so one
/// vpmaddubsw multiplies 32 (or 64) unsigned-by-signed byte pairs and adds neighbours into int16
/// lanes without saturating (2·127·127 &lt; 2¹⁵), and one vpmaddwd by ones widens them into int32.
/// The caller removes the offset: Σ qᵢcᵢ = Σ (qᵢ+64)cᵢ − 64·Σ cᵢ, the record keeping Σ cᵢ. Both spans
/// have the same length, a multiple of 16 (records pad their codes with zeros, queries with 64).
/// </summary>
internal static class Int8Kernels
{
    public const int QueryOffset = 64;

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static int OffsetDot(ReadOnlySpan<byte> query, ReadOnlySpan<sbyte> codes) =>
        OffsetDot(ref MemoryMarshal.GetReference(query), ref MemoryMarshal.GetReference(codes), query.Length);

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static int OffsetDot(ref byte q, ref sbyte c, int length)
    {
        var i = 0;
        var sum = 0;
        if (Avx512BW.IsSupported && length >= 64)
        {
            var ones = Vector512<short>.One;
            var acc = Vector512<int>.Zero;
            for (; i <= length - 64; i += 64)
            {
                var pairs = Avx512BW.MultiplyAddAdjacent(Vector512.LoadUnsafe(ref q, (nuint)i), Vector512.LoadUnsafe(ref c, (nuint)i));
                acc += Avx512BW.MultiplyAddAdjacent(pairs, ones);
            }

            sum = Vector512.Sum(acc);
        }

        if (Avx2.IsSupported && length - i >= 32)
        {
            var ones = Vector256<short>.One;
            var acc = Vector256<int>.Zero;
            for (; i <= length - 32; i += 32)
            {
                var pairs = Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref q, (nuint)i), Vector256.LoadUnsafe(ref c, (nuint)i));
                acc += Avx2.MultiplyAddAdjacent(pairs, ones);
            }

            sum += Vector256.Sum(acc);
        }

        if (Ssse3.IsSupported && length - i >= 16)
        {
            var ones = Vector128<short>.One;
            var acc = Vector128<int>.Zero;
            for (; i <= length - 16; i += 16)
            {
                var pairs = Ssse3.MultiplyAddAdjacent(Vector128.LoadUnsafe(ref q, (nuint)i), Vector128.LoadUnsafe(ref c, (nuint)i));
                acc += Sse2.MultiplyAddAdjacent(pairs, ones);
            }

            sum += Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref q, i) * Unsafe.Add(ref c, i);
        }

        return sum;
    }
}
