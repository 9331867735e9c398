using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace VelesDb.Engine.Filters;

/// <summary>
/// <c>.x == "text"</c>: string values by pool id (eight at a time); any other value but null as a
/// number against the text read as a number, as Redis compares mixed types.
/// </summary>
internal sealed class StringEqualsPlan : MaskPlan
{
    private readonly ulong[] _strings;
    private readonly ulong[] _nulls;
    private readonly int[]? _ids;
    private readonly int _id;
    private readonly NumberComparePlan<NumberComparisons.Equal> _asNumber;

    public StringEqualsPlan(ColumnData data, StringPool strings, string text)
    {
        _strings = data.Strings;
        _nulls = data.Nulls;
        _ids = data.StringIds;
        _id = strings.Find(text);
        _asNumber = new NumberComparePlan<NumberComparisons.Equal>(data.Numbers, NumericText.ToNumber(text), null);
    }

    public override ulong Eval(int word, ulong candidates)
    {
        if (word >= _strings.Length)
        {
            return 0;
        }

        var strings = Volatile.Read(ref _strings[word]);
        var others = candidates & ~strings & ~Volatile.Read(ref _nulls[word]);
        var result = others == 0 ? 0 : others & _asNumber.Eval(word, others);
        var stringCandidates = candidates & strings;
        if (stringCandidates != 0 && _id >= 0 && _ids is not null && (word << 6) + 64 <= _ids.Length)
        {
            result |= stringCandidates & SameId(word << 6);
        }

        return result;
    }

    private ulong SameId(int first)
    {
        ref var start = ref MemoryMarshal.GetArrayDataReference(_ids!);
        var id = Vector256.Create(_id);
        ulong bits = 0;
        for (var k = 0; k < 64; k += 8)
        {
            var ids = Vector256.LoadUnsafe(ref start, (nuint)(first + k));
            bits |= (ulong)Vector256.Equals(ids, id).ExtractMostSignificantBits() << k;
        }

        return bits;
    }
}
