using System.Globalization;
using System.Management.Automation;
using System.Numerics;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>
/// A key as it binds to <c>-Id</c> of Add-, Get-, Remove-, Set- and Find-VelesVector: the record's
/// key, or the reason the value given is not one. The one place that decides what a key is.
/// </summary>
/// <remarks>
/// A <c>ulong</c> or <c>string</c> parameter would let PowerShell decide: it reads a blank as 0,
/// rounds 1.5 to 2, turns $true into "True", and a negative pipeline value fails the binding with a
/// generic "cannot be bound" before the cmdlet sees the record. Binding to this type never fails for
/// a value that could be meant as a key (<see cref="VectorIdTransformationAttribute"/>), so the
/// cmdlet reports each bad value as VelesDb.InvalidId, names it, and goes on with the next record.
/// A key is an unsigned 64-bit integer (an integer number of any type, or a whole floating-point
/// number such as 2.0, as JSON may carry it) or a string. A string follows the engine's rule
/// (<see cref="RecordKey.TryFromText"/>): a canonical unsigned decimal integer ('42', not '042' or
/// ' 42') is that integer id, so '42' from Import-Csv and 42 from JSON name the same record; any
/// other string that is not blank is a text key of at most 1,024 UTF-8 bytes. A [guid] is its
/// string form ('D').
/// </remarks>
public sealed class VectorId
{
    private const string Range = "An id is a whole number from 0 to 18446744073709551615, or a text key of 1 to 1,024 UTF-8 bytes that is not blank.";

    private VectorId(object? input, RecordKey key, string? problem)
    {
        Input = input;
        Key = key;
        Problem = problem;
    }

    /// <summary>What was bound, as given: the target of the error when it is not a key.</summary>
    public object? Input { get; }

    /// <summary>The key; integer 0 when the value is not a key (see <see cref="IsValid"/>).</summary>
    public RecordKey Key { get; }

    /// <summary>Why the value is not a key, or null when it is one.</summary>
    public string? Problem { get; }

    /// <summary>True when the value is a key.</summary>
    public bool IsValid => Problem is null;

    /// <summary>The key for a bound value, or the reason it is not one. Never throws.</summary>
    public static VectorId From(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        return value switch
        {
            VectorId bound => bound,
            null or DBNull => Invalid(value, "the id is missing (null)."),
            ulong u => Number(u, u),
            uint u => Number(u, u),
            ushort u => Number(u, u),
            byte u => Number(u, u),
            long s => FromSigned(s, s),
            int s => FromSigned(s, s),
            short s => FromSigned(s, s),
            sbyte s => FromSigned(s, s),
            BigInteger big => FromBig(big, big),
            double d => FromDouble(d, d),
            float f => FromDouble(f, f),
            decimal m => FromDecimal(m, m),
            string text => FromText(text, text),
            char c => FromText(c.ToString(), c),
            Guid guid => FromText(guid.ToString("D"), guid),
            bool => Invalid(value, "true and false are not ids."),
            VelesVector vector => new VectorId(vector, vector.Key, null),
            VelesSearchResult result => new VectorId(result, result.Key, null),
            _ => Invalid(value, $"a {value.GetType().Name} is neither a number nor a string."),
        };
    }

    /// <summary>
    /// True for values that are given as a key, and so bind to an id parameter even when they are
    /// not a valid key. Other objects (a row with an Id property, a hashtable) are not: PowerShell
    /// then binds the parameter from their Id property instead.
    /// </summary>
    public static bool IsGivenAsId(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        return value is IConvertible or BigInteger or Guid or VelesVector or VelesSearchResult;
    }

    /// <summary>The key, when the value is one.</summary>
    public bool TryGetKey(out RecordKey key)
    {
        key = Key;
        return IsValid;
    }

    /// <summary>The non-terminating error for a value that is not a key, with the value as its target.</summary>
    internal ErrorRecord ToErrorRecord() => new(
        new ArgumentException($"'{Describe(Input)}' is not an id: {Problem} {Range}"),
        VelesErrors.InvalidId, ErrorCategory.InvalidArgument, Input);

    /// <inheritdoc/>
    public override string ToString() => IsValid ? Key.ToString() : Describe(Input);

    private static VectorId Number(ulong value, object input) => new(input, RecordKey.FromNumber(value), null);

    private static VectorId Invalid(object? input, string problem) => new(input, default, problem);

    private static VectorId FromSigned(long value, object input) =>
        value < 0 ? Invalid(input, "it is negative.") : Number((ulong)value, input);

    private static VectorId FromBig(BigInteger value, object input) =>
        value.Sign < 0 ? Invalid(input, "it is negative.")
        : value > ulong.MaxValue ? Invalid(input, "it is larger than the largest id.")
        : Number((ulong)value, input);

    private static VectorId FromDouble(double value, object input)
    {
        if (!double.IsFinite(value))
        {
            return Invalid(input, "it is not a number.");
        }

        if (Math.Floor(value) != value)
        {
            // Never rounded: 1.5 is not id 2, it is a mistake somewhere upstream.
            return Invalid(input, "it is not a whole number; ids are never rounded.");
        }

        return value < 0 ? Invalid(input, "it is negative.")
            : value >= 18446744073709551616.0 ? Invalid(input, "it is larger than the largest id.")
            : Number((ulong)value, input);
    }

    private static VectorId FromDecimal(decimal value, object input) =>
        decimal.Truncate(value) != value ? Invalid(input, "it is not a whole number; ids are never rounded.")
        : value < 0 ? Invalid(input, "it is negative.")
        : value > ulong.MaxValue ? Invalid(input, "it is larger than the largest id.")
        : Number((ulong)value, input);

    private static VectorId FromText(string text, object input)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            // A blank cell of a CSV file is a missing id, never id 0 nor the key " ".
            return Invalid(input, "it is blank.");
        }

        return RecordKey.TryFromText(text, out var key, out var problem)
            ? new VectorId(input, key, null)
            : Invalid(input, problem!);
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "…"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };
}
