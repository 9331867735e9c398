using System.Globalization;
using System.Management.Automation;
using System.Numerics;

namespace VelesDb.PowerShell;

/// <summary>
/// An id as it binds to <c>-Id</c> of Add-, Get-, Remove- and Find-VelesVector: the id, or the
/// reason the value given is not one. The one place that decides what an id is.
/// </summary>
/// <remarks>
/// A <c>ulong</c> parameter would let PowerShell decide: it reads a blank as 0 and rounds 1.5 to
/// 2, and a negative or non-numeric pipeline value fails the binding with a generic "cannot be
/// bound" before the cmdlet sees the record. Binding to this type never fails for a value that
/// could be meant as an id (<see cref="VectorIdTransformationAttribute"/>), so the cmdlet reports
/// each bad value as VelesDb.InvalidId, names it, and goes on with the next record.
/// An id is an unsigned 64-bit integer: an integer number of any type, a whole floating-point
/// number (2.0, as JSON may carry it), or a string of decimal digits (surrounding blanks allowed).
/// </remarks>
public sealed class VectorId
{
    private const string Range = "An id is a whole number from 0 to 18446744073709551615.";

    private VectorId(object? input, ulong value, string? problem)
    {
        Input = input;
        Value = value;
        Problem = problem;
    }

    /// <summary>What was bound, as given: the target of the error when it is not an id.</summary>
    public object? Input { get; }

    /// <summary>The id; 0 when the value is not an id (see <see cref="IsValid"/>).</summary>
    public ulong Value { get; }

    /// <summary>Why the value is not an id, or null when it is one.</summary>
    public string? Problem { get; }

    /// <summary>True when the value is an id.</summary>
    public bool IsValid => Problem is null;

    /// <summary>The id for a bound value, or the reason it is not one. Never throws.</summary>
    public static VectorId From(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        return value switch
        {
            VectorId bound => bound,
            null or DBNull => Invalid(value, "the id is missing (null)."),
            ulong u => new VectorId(u, u, null),
            uint u => new VectorId(u, u, null),
            ushort u => new VectorId(u, u, null),
            byte u => new VectorId(u, u, null),
            long s => FromSigned(s, s),
            int s => FromSigned(s, s),
            short s => FromSigned(s, s),
            sbyte s => FromSigned(s, s),
            BigInteger big => FromBig(big, big),
            double d => FromDouble(d, d),
            float f => FromDouble(f, f),
            decimal m => FromDecimal(m, m),
            string text => FromText(text),
            bool => Invalid(value, "true and false are not ids."),
            VelesVector vector => new VectorId(vector, vector.Id, null),
            VelesSearchResult result => new VectorId(result, result.Id, null),
            _ => Invalid(value, $"a {value.GetType().Name} is not a number."),
        };
    }

    /// <summary>
    /// True for values that are given as an id, and so bind to an id parameter even when they are
    /// not a valid id. Other objects (a row with an Id property, a hashtable) are not: PowerShell
    /// then binds the parameter from their Id property instead.
    /// </summary>
    public static bool IsGivenAsId(object? input)
    {
        var value = input is PSObject wrapped ? wrapped.BaseObject : input;
        return value is IConvertible or BigInteger or VelesVector or VelesSearchResult;
    }

    /// <summary>The id, when the value is one.</summary>
    public bool TryGetValue(out ulong id)
    {
        id = Value;
        return IsValid;
    }

    /// <summary>The non-terminating error for a value that is not an id, with the value as its target.</summary>
    internal ErrorRecord ToErrorRecord() => new(
        new ArgumentException($"'{Describe(Input)}' is not an id: {Problem} {Range}"),
        VelesErrors.InvalidId, ErrorCategory.InvalidArgument, Input);

    /// <inheritdoc/>
    public override string ToString() => IsValid ? Value.ToString(CultureInfo.InvariantCulture) : Describe(Input);

    private static VectorId Invalid(object? input, string problem) => new(input, 0, problem);

    private static VectorId FromSigned(long value, object input) =>
        value < 0 ? Invalid(input, "it is negative.") : new VectorId(input, (ulong)value, null);

    private static VectorId FromBig(BigInteger value, object input) =>
        value.Sign < 0 ? Invalid(input, "it is negative.")
        : value > ulong.MaxValue ? Invalid(input, "it is larger than the largest id.")
        : new VectorId(input, (ulong)value, null);

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
            : new VectorId(input, (ulong)value, null);
    }

    private static VectorId FromDecimal(decimal value, object input) =>
        decimal.Truncate(value) != value ? Invalid(input, "it is not a whole number; ids are never rounded.")
        : value < 0 ? Invalid(input, "it is negative.")
        : value > ulong.MaxValue ? Invalid(input, "it is larger than the largest id.")
        : new VectorId(input, (ulong)value, null);

    private static VectorId FromText(string text)
    {
        var digits = text.AsSpan().Trim();
        if (digits.IsEmpty)
        {
            return Invalid(text, "it is blank.");
        }

        if (IsDigits(digits))
        {
            return ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? new VectorId(text, id, null)
                : Invalid(text, "it is larger than the largest id.");
        }

        // Not digits: say what is wrong with it as precisely as the text allows.
        if (!double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return Invalid(text, "it is not a number.");
        }

        return number < 0 ? Invalid(text, "it is negative.")
            : Math.Floor(number) != number ? Invalid(text, "it is not a whole number; ids are never rounded.")
            : Invalid(text, "write an id as a whole number in decimal digits only, such as 42.");
    }

    private static bool IsDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => s.Length <= 40 ? s : string.Concat(s.AsSpan(0, 40), "…"),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };
}
