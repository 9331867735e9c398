using System.Globalization;
using System.Text;

namespace VelesDb.Engine.Filters;

/// <summary>
/// Splits a filter into tokens. Words are ASCII letters and must be a keyword (case-sensitive, as in
/// Redis); a selector is a dot and then names of letters, digits, '_' and '-', joined by dots; a
/// '-' right before a digit is the sign of a number unless it follows a value.
/// </summary>
internal static class FilterLexer
{
    public static List<FilterToken> Tokens(string text)
    {
        var tokens = new List<FilterToken>();
        var i = 0;
        while (true)
        {
            while (i < text.Length && IsSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                tokens.Add(new FilterToken(FilterTokenKind.End, i));
                return tokens;
            }

            var c = text[i];
            var afterValue = tokens.Count > 0 && tokens[^1].EndsValue;
            if (char.IsAsciiDigit(c) || (c == '-' && !afterValue && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                tokens.Add(Number(text, ref i));
            }
            else if (c is '"' or '\'')
            {
                tokens.Add(QuotedString(text, ref i));
            }
            else if (c == '.')
            {
                tokens.Add(Selector(text, ref i));
            }
            else if (char.IsAsciiLetter(c))
            {
                tokens.Add(Word(text, ref i));
            }
            else
            {
                tokens.Add(Symbol(text, ref i));
            }
        }
    }

    /// <summary>The characters of a field name in a selector, as Redis allows them.</summary>
    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    // The white space of C's isspace.
    private static bool IsSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';

    private static FilterToken Number(string text, ref int i)
    {
        var start = i;
        if (text[i] == '-')
        {
            i++;
        }

        SkipDigits(text, ref i);
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            i++;
            SkipDigits(text, ref i);
        }

        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            var j = i + 1;
            if (j < text.Length && (text[j] == '+' || text[j] == '-'))
            {
                j++;
            }

            if (j < text.Length && char.IsAsciiDigit(text[j]))
            {
                i = j;
                SkipDigits(text, ref i);
            }
            else
            {
                throw new InvalidFilterException(text, i, "the exponent of this number has no digits");
            }
        }

        var value = double.Parse(text.AsSpan(start, i - start), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        return new FilterToken(FilterTokenKind.Number, start, Number: value);
    }

    private static void SkipDigits(string text, ref int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
    }

    private static FilterToken QuotedString(string text, ref int i)
    {
        var start = i;
        var quote = text[i++];
        var value = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (c == quote)
            {
                i++;
                return new FilterToken(FilterTokenKind.String, start, Text: value.ToString());
            }

            if (c == '\\' && i + 1 < text.Length)
            {
                value.Append(text[i + 1] switch
                {
                    'n' => '\n',
                    'r' => '\r',
                    't' => '\t',
                    var other => other,
                });
                i += 2;
                continue;
            }

            value.Append(c);
            i++;
        }

        throw new InvalidFilterException(text, start, $"this string has no closing {quote}");
    }

    private static FilterToken Selector(string text, ref int i)
    {
        var start = i;
        var segments = new List<string>();
        while (i < text.Length && text[i] == '.')
        {
            var nameStart = i + 1;
            var end = nameStart;
            while (end < text.Length && IsNameChar(text[end]))
            {
                end++;
            }

            if (end == nameStart)
            {
                if (segments.Count == 0)
                {
                    throw new InvalidFilterException(text, start, "a '.' must be followed by a field name (letters, digits, '_' or '-')");
                }

                throw new InvalidFilterException(text, i, "a '.' inside a selector must be followed by a field name");
            }

            segments.Add(text[nameStart..end]);
            i = end;
        }

        return new FilterToken(FilterTokenKind.Selector, start, Segments: [.. segments]);
    }

    private static FilterToken Word(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiLetter(text[i]))
        {
            i++;
        }

        var word = text[start..i];
        return word switch
        {
            "and" => new FilterToken(FilterTokenKind.Operator, start, FilterOperator.And),
            "or" => new FilterToken(FilterTokenKind.Operator, start, FilterOperator.Or),
            "not" => new FilterToken(FilterTokenKind.Operator, start, FilterOperator.Not),
            "in" => new FilterToken(FilterTokenKind.Operator, start, FilterOperator.In),
            "true" => new FilterToken(FilterTokenKind.True, start),
            "false" => new FilterToken(FilterTokenKind.False, start),
            "null" => new FilterToken(FilterTokenKind.Null, start),
            _ => throw new InvalidFilterException(text, start, $"'{word}' is not a keyword (and, or, not, in, true, false, null); a field is selected with a leading dot, as .{word}"),
        };
    }

    private static FilterToken Symbol(string text, ref int i)
    {
        var start = i;
        var c = text[i];
        var next = i + 1 < text.Length ? text[i + 1] : '\0';
        (FilterTokenKind Kind, FilterOperator Op, int Length) found = (c, next) switch
        {
            ('*', '*') => (FilterTokenKind.Operator, FilterOperator.Power, 2),
            ('*', _) => (FilterTokenKind.Operator, FilterOperator.Multiply, 1),
            ('/', _) => (FilterTokenKind.Operator, FilterOperator.Divide, 1),
            ('%', _) => (FilterTokenKind.Operator, FilterOperator.Modulo, 1),
            ('+', _) => (FilterTokenKind.Operator, FilterOperator.Add, 1),
            ('-', _) => (FilterTokenKind.Operator, FilterOperator.Subtract, 1),
            ('>', '=') => (FilterTokenKind.Operator, FilterOperator.GreaterOrEqual, 2),
            ('>', _) => (FilterTokenKind.Operator, FilterOperator.Greater, 1),
            ('<', '=') => (FilterTokenKind.Operator, FilterOperator.LessOrEqual, 2),
            ('<', _) => (FilterTokenKind.Operator, FilterOperator.Less, 1),
            ('=', '=') => (FilterTokenKind.Operator, FilterOperator.Equal, 2),
            ('!', '=') => (FilterTokenKind.Operator, FilterOperator.NotEqual, 2),
            ('!', _) => (FilterTokenKind.Operator, FilterOperator.Not, 1),
            ('&', '&') => (FilterTokenKind.Operator, FilterOperator.And, 2),
            ('|', '|') => (FilterTokenKind.Operator, FilterOperator.Or, 2),
            ('(', _) => (FilterTokenKind.OpenParen, default, 1),
            (')', _) => (FilterTokenKind.CloseParen, default, 1),
            ('[', _) => (FilterTokenKind.OpenBracket, default, 1),
            (']', _) => (FilterTokenKind.CloseBracket, default, 1),
            (',', _) => (FilterTokenKind.Comma, default, 1),
            ('=', _) => throw new InvalidFilterException(text, start, "'=' is not an operator; compare with =="),
            ('&', _) => throw new InvalidFilterException(text, start, "'&' is not an operator; use && or and"),
            ('|', _) => throw new InvalidFilterException(text, start, "'|' is not an operator; use || or or"),
            _ => throw new InvalidFilterException(text, start, $"the character '{Printable(c)}' has no meaning in a filter"),
        };
        i += found.Length;
        return new FilterToken(found.Kind, start, found.Op);
    }

    private static string Printable(char c) =>
        char.IsControl(c) || char.IsSurrogate(c) ? $"\\u{(int)c:x4}" : c.ToString();
}
