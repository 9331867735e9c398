using System.Globalization;

namespace VelesDb.Engine.Filters;

/// <summary>
/// Text read as a number the way Redis's filter does it: C's <c>strtod</c> over the whole string
/// (leading white space, a sign, decimal or hexadecimal digits, an exponent, <c>inf</c>,
/// <c>infinity</c>, <c>nan</c>), and 0 when anything is left over, nothing is a number, or the
/// string has 256 bytes or more.
/// </summary>
internal static class NumericText
{
    private const int MaxLength = 256;

    public static double ToNumber(string text)
    {
        var s = text.AsSpan();
        // strtod stops at a NUL: the C side sees only what comes before it.
        var nul = s.IndexOf('\0');
        if (nul >= 0)
        {
            s = s[..nul];
        }

        if (text.Length >= MaxLength)
        {
            return 0;
        }

        var i = 0;
        while (i < s.Length && IsCSpace(s[i]))
        {
            i++;
        }

        var negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }

        var rest = s[i..];
        double value;
        if (StartsWithIgnoreCase(rest, "infinity"))
        {
            value = double.PositiveInfinity;
            i += 8;
        }
        else if (StartsWithIgnoreCase(rest, "inf"))
        {
            value = double.PositiveInfinity;
            i += 3;
        }
        else if (StartsWithIgnoreCase(rest, "nan"))
        {
            value = double.NaN;
            i += 3;
            if (i < s.Length && s[i] == '(')
            {
                var close = i + 1;
                while (close < s.Length && (char.IsAsciiLetterOrDigit(s[close]) || s[close] == '_'))
                {
                    close++;
                }

                if (close < s.Length && s[close] == ')')
                {
                    i = close + 1;
                }
            }
        }
        else if (rest.Length >= 2 && rest[0] == '0' && (rest[1] == 'x' || rest[1] == 'X') && TryHex(rest[2..], out var hex, out var used))
        {
            value = hex;
            i += 2 + used;
        }
        else
        {
            var end = DecimalEnd(rest);
            if (end == 0)
            {
                return 0;
            }

            value = double.Parse(s[i..(i + end)], NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
            i += end;
        }

        return i == s.Length ? (negative ? -value : value) : 0;
    }

    /// <summary>A JSON number as a double; out of range is an infinity, as strtod gives.</summary>
    public static double FromJson(ReadOnlySpan<byte> utf8) =>
        double.Parse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static bool StartsWithIgnoreCase(ReadOnlySpan<char> s, string word) =>
        s.Length >= word.Length && s[..word.Length].Equals(word, StringComparison.OrdinalIgnoreCase);

    // Digits with at most one point (at least one digit), then an exponent only if it has digits.
    private static int DecimalEnd(ReadOnlySpan<char> s)
    {
        var i = 0;
        var digits = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return 0;
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            var j = i + 1;
            if (j < s.Length && (s[j] == '+' || s[j] == '-'))
            {
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    j++;
                }

                i = j;
            }
        }

        return i;
    }

    private static bool TryHex(ReadOnlySpan<char> s, out double value, out int used)
    {
        value = 0;
        var i = 0;
        var digits = 0;
        var scale = 0;
        while (i < s.Length && char.IsAsciiHexDigit(s[i]))
        {
            value = (value * 16) + HexValue(s[i]);
            i++;
            digits++;
        }

        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiHexDigit(s[i]))
            {
                value = (value * 16) + HexValue(s[i]);
                scale -= 4;
                i++;
                digits++;
            }
        }

        used = i;
        if (digits == 0)
        {
            return false;
        }

        if (i < s.Length && (s[i] == 'p' || s[i] == 'P'))
        {
            var j = i + 1;
            var negative = false;
            if (j < s.Length && (s[j] == '+' || s[j] == '-'))
            {
                negative = s[j] == '-';
                j++;
            }

            if (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                var exponent = 0;
                while (j < s.Length && char.IsAsciiDigit(s[j]))
                {
                    exponent = Math.Min(exponent * 10 + (s[j] - '0'), 100_000);
                    j++;
                }

                scale += negative ? -exponent : exponent;
                used = j;
            }
        }

        value = Math.ScaleB(value, Math.Clamp(scale, -100_000, 100_000));
        return true;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
