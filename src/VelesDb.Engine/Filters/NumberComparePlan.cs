using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VelesDb.Engine.Filters;

/// <summary>
/// <c>.x OP constant</c> over a column's numbers (every value as a number, which is how Redis
/// compares), four at a time; slots in <paramref name="exclude"/> are false (nulls, for ==).
/// </summary>
internal sealed class NumberComparePlan<TComparison>(double[]? numbers, double constant, ulong[]? exclude) : MaskPlan
    where TComparison : struct, INumberComparison
{
    // Below this many candidates in a word, testing them one by one beats testing all 64.
    private const int SparseCandidates = 8;

    public override ulong Eval(int word, ulong candidates)
    {
        var bits = Compare(word, candidates);
        if (exclude is not null)
        {
            bits &= word < exclude.Length ? ~Volatile.Read(ref exclude[word]) : ulong.MaxValue;
        }

        return bits;
    }

    private ulong Compare(int word, ulong candidates)
    {
        if (numbers is null)
        {
            return TComparison.Test(0, constant) ? candidates : 0;
        }

        var first = word << 6;
        if (first + 64 > numbers.Length)
        {
            return 0;
        }

        ulong bits = 0;
        if (BitOperations.PopCount(candidates) < SparseCandidates)
        {
            while (candidates != 0)
            {
                var i = BitOperations.TrailingZeroCount(candidates);
                candidates &= candidates - 1;
                if (TComparison.Test(numbers[first + i], constant))
                {
                    bits |= 1UL << i;
                }
            }

            return bits;
        }

        // In bounds: first + 64 <= numbers.Length was checked above.
        ref var start = ref MemoryMarshal.GetArrayDataReference(numbers);
        var c = Vector256.Create(constant);
        for (var k = 0; k < 64; k += 4)
        {
            var values = Vector256.LoadUnsafe(ref start, (nuint)(first + k));
            bits |= (ulong)TComparison.Test(values, c).ExtractMostSignificantBits() << k;
        }

        return bits;
    }
}
