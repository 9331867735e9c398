using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Runtime.CompilerServices;

namespace VelesDb.PowerShell;

/// <summary>
/// Binds a vector parameter (<c>float[]</c>) from whatever a script has at hand: <c>float[]</c>,
/// <c>double[]</c>, <c>int[]</c>, a mixed <c>object[]</c> of numbers (PSObject-wrapped or not),
/// any other list of numbers, or a string: <c>"0.1,0.2,0.3"</c>, <c>"0.1;0.2;0.3"</c>,
/// <c>"0.1 0.2 0.3"</c> or a JSON array <c>"[0.1, 0.2, 0.3]"</c> (numbers in the invariant culture).
/// </summary>
/// <remarks>
/// Input that is not a vector does not fail the binding: the binder would report it as its own
/// ParameterArgumentTransformationError and the cmdlet could not name the offending id. It binds
/// as an empty array tagged with the reason instead, and the cmdlet reports it as
/// VelesDb.InvalidVector (see <see cref="TryGetProblem"/>). Parameters using this attribute carry
/// [AllowEmptyCollection] for that reason.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false)]
public sealed class VectorTransformationAttribute : ArgumentTransformationAttribute
{
    private static readonly ConditionalWeakTable<float[], string> Problems = [];
    private static readonly char[] WhiteSpace = [' ', '\t', '\r', '\n'];

    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData) =>
        TryConvert(inputData, out var vector, out var problem) ? vector : Rejected(problem);

    /// <summary>The reason a bound vector is not a vector, when the binding tagged it so.</summary>
    public static bool TryGetProblem(float[] vector, out string problem)
    {
        ArgumentNullException.ThrowIfNull(vector);
        if (vector.Length == 0 && Problems.TryGetValue(vector, out var found))
        {
            problem = found;
            return true;
        }

        problem = vector.Length == 0 ? "the vector is empty." : string.Empty;
        return vector.Length == 0;
    }

    /// <summary>Converts <paramref name="input"/> to a vector, or says why it is not one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryConvert(object? input, out float[] vector, out string problem)
    {
        vector = [];
        problem = string.Empty;
        var value = Unwrap(input);
        switch (value)
        {
            case null:
                problem = "the vector is null.";
                return false;
            case float[] floats:
                vector = floats;
                return true;
            case double[] doubles:
                vector = new float[doubles.Length];
                for (var i = 0; i < doubles.Length; i++)
                {
                    vector[i] = (float)doubles[i];
                    if (float.IsInfinity(vector[i]) && double.IsFinite(doubles[i]))
                    {
                        problem = OutOfRange(i, doubles[i]);
                        vector = [];
                        return false;
                    }
                }

                return true;
            case string text:
                return TryParse(text, out vector, out problem);
            case VelesVector stored:
                vector = stored.Vector;
                return true;
            case IDictionary:
                problem = "a hashtable is not a vector; give a list of numbers.";
                return false;
            case IEnumerable items:
                return TryConvertItems(items, out vector, out problem);
            default:
                if (TryToSingle(value, out var single))
                {
                    if (IsOutOfRange(single, value))
                    {
                        problem = OutOfRange(0, value);
                        return false;
                    }

                    vector = [single];
                    return true;
                }

                problem = $"a {value.GetType().Name} is not a vector; give a list of numbers or a string such as \"0.1,0.2,0.3\".";
                return false;
        }
    }

    private static float[] Rejected(string problem)
    {
        // A distinct instance each time, never Array.Empty: the tag belongs to this binding only.
#pragma warning disable CA1825
        var tagged = new float[0];
#pragma warning restore CA1825
        Problems.AddOrUpdate(tagged, problem);
        return tagged;
    }

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static bool TryConvertItems(IEnumerable items, out float[] vector, out string problem)
    {
        var components = items is ICollection collection ? new List<float>(collection.Count) : [];
        var index = 0;
        foreach (var item in items)
        {
            var value = Unwrap(item);
            if (value is string text ? !TryParseNumber(text, out var single) : !TryToSingle(value, out single))
            {
                vector = [];
                problem = $"component {index} ({Describe(value)}) is not a number.";
                return false;
            }

            if (IsOutOfRange(single, value))
            {
                vector = [];
                problem = OutOfRange(index, value);
                return false;
            }

            components.Add(single);
            index++;
        }

        vector = [.. components];
        problem = string.Empty;
        return true;
    }

    private static bool TryParse(string text, out float[] vector, out string problem)
    {
        vector = [];
        var body = text.Trim();
        if (body.StartsWith('[') && body.EndsWith(']'))
        {
            body = body[1..^1].Trim();
        }

        if (body.Length == 0)
        {
            problem = "the string holds no numbers.";
            return false;
        }

        // One separator per string: commas (also JSON), else semicolons (CSV in many locales), else blanks.
        string[] parts = body.Contains(',', StringComparison.Ordinal) ? body.Split(',')
            : body.Contains(';', StringComparison.Ordinal) ? body.Split(';')
            : body.Split(WhiteSpace, StringSplitOptions.RemoveEmptyEntries);
        vector = new float[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!TryParseNumber(parts[i], out vector[i]))
            {
                problem = $"component {i} ('{parts[i].Trim()}') of \"{Shorten(text)}\" is not a number; write numbers like 0.25 separated by ',' or ';'.";
                vector = [];
                return false;
            }

            if (IsOutOfRange(vector[i], parts[i]))
            {
                problem = OutOfRange(i, parts[i].Trim());
                vector = [];
                return false;
            }
        }

        problem = string.Empty;
        return true;
    }

    /// <summary>
    /// True when <paramref name="single"/> became infinite only because the number given is beyond
    /// float32 (1e39): the user wrote a number, and must not be told it is infinity. Checked only
    /// for an infinite result, so finite components cost one comparison.
    /// </summary>
    private static bool IsOutOfRange(float single, object? given)
    {
        if (!float.IsInfinity(single))
        {
            return false;
        }

        return given switch
        {
            string text => !IsInfinityWritten(text),
            double d => double.IsFinite(d),
            float => false,
            _ => true, // an integer or decimal is always finite
        };
    }

    /// <summary>True when the text spells infinity itself ("Infinity", "-∞"), rather than a number too large to hold.</summary>
    private static bool IsInfinityWritten(string text) =>
        text.Contains("Infinity", StringComparison.OrdinalIgnoreCase) || text.Contains('∞', StringComparison.Ordinal);

    private static string OutOfRange(int index, object? value) => string.Create(
        CultureInfo.InvariantCulture,
        $"component {index} ({(value is string s ? s.Trim() : Convert.ToString(value, CultureInfo.InvariantCulture))}) is outside the float32 range of components, -3.4028235E+38 to 3.4028235E+38.");

    private static bool TryParseNumber(string text, out float value) =>
        float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool TryToSingle(object? value, out float single)
    {
        switch (value)
        {
            case float f: single = f; return true;
            case double d: single = (float)d; return true;
            case int i: single = i; return true;
            case long l: single = l; return true;
            case decimal m: single = (float)m; return true;
            case short s: single = s; return true;
            case byte b: single = b; return true;
            case sbyte sb: single = sb; return true;
            case ushort us: single = us; return true;
            case uint ui: single = ui; return true;
            case ulong ul: single = ul; return true;
            case System.Numerics.BigInteger big: single = (float)big; return true;
            default: single = 0; return false;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"'{Shorten(s)}'",
        _ => $"a {value.GetType().Name}",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "…");
}
