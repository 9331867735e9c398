using System.Text;

namespace VelesDb.Engine.Contract;

/// <summary>
/// The key of a record: an unsigned integer, or a string of 1 to <see cref="MaxTextBytes"/> UTF-8
/// bytes. A string that is a canonical unsigned decimal integer (digits only, no sign, no blanks,
/// no leading zero unless it is "0", at most 18446744073709551615) is that integer key, so '42'
/// from a CSV file and 42 from JSON name the same record; every other string is a text key
/// ('042', ' 42', '4.2', 'doc-1'). Integer keys sort before text keys; text keys compare
/// ordinally. A backend that keeps only integer keys says so with <see cref="CapabilityNotSupportedException"/>.
/// </summary>
public readonly struct RecordKey : IEquatable<RecordKey>, IComparable<RecordKey>
{
    /// <summary>The longest text key, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 1024;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ulong _number;
    private readonly string? _text;

    private RecordKey(ulong number, string? text)
    {
        _number = number;
        _text = text;
    }

    /// <summary>True for a text key; false for an integer key.</summary>
    public bool IsText => _text is not null;

    /// <summary>The integer of an integer key; throws for a text key.</summary>
    public ulong Number => _text is null ? _number : throw new InvalidOperationException($"The key '{_text}' is text, not an integer.");

    /// <summary>The text of a text key, or null for an integer key.</summary>
    public string? Text => _text;

    /// <summary>An integer key.</summary>
    public static RecordKey FromNumber(ulong number) => new(number, null);

    /// <summary>A text key the store wrote itself and checked already: not a canonical integer, 1 to <see cref="MaxTextBytes"/> bytes.</summary>
    internal static RecordKey FromStoredText(string text) => new(0, text);

    /// <summary>
    /// The key a string names: the integer key when it is a canonical unsigned decimal integer,
    /// otherwise a text key. Throws <see cref="ArgumentException"/> when it is empty, longer than
    /// <see cref="MaxTextBytes"/> UTF-8 bytes, or not valid UTF-16 (a lone surrogate).
    /// </summary>
    public static RecordKey FromText(string text)
    {
        if (!TryFromText(text, out var key, out var problem))
        {
            throw new ArgumentException(problem, nameof(text));
        }

        return key;
    }

    /// <summary>As <see cref="FromText"/>, without throwing: false, with the reason, for a string that is no key.</summary>
    public static bool TryFromText(string text, out RecordKey key, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = default;
        if (IsCanonicalInteger(text, out var number))
        {
            key = new RecordKey(number, null);
            problem = null;
            return true;
        }

        int bytes;
        try
        {
            bytes = StrictUtf8.GetByteCount(text);
        }
        catch (EncoderFallbackException)
        {
            problem = "A text key must be valid Unicode; this one holds a lone surrogate character.";
            return false;
        }

        if (bytes is 0 or > MaxTextBytes)
        {
            problem = $"A text key holds 1 to {MaxTextBytes} UTF-8 bytes; this one has {bytes}.";
            return false;
        }

        key = new RecordKey(0, text);
        problem = null;
        return true;
    }

    /// <summary>The key's text as UTF-8, for a text key; empty for an integer key.</summary>
    public byte[] TextUtf8() => _text is null ? [] : StrictUtf8.GetBytes(_text);

    private static bool IsCanonicalInteger(string text, out ulong number)
    {
        number = 0;
        if (text.Length is 0 or > 20 || (text.Length > 1 && text[0] == '0'))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return ulong.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number);
    }

    /// <summary>The key as the user gave it: a boxed <see cref="ulong"/> or a <see cref="string"/>.</summary>
    public object ToObject() => _text ?? (object)_number;

    /// <inheritdoc/>
    public bool Equals(RecordKey other) => _number == other._number && string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RecordKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _text is null ? _number.GetHashCode() : StringComparer.Ordinal.GetHashCode(_text);

    /// <inheritdoc/>
    public int CompareTo(RecordKey other) => (_text, other._text) switch
    {
        (null, null) => _number.CompareTo(other._number),
        (null, _) => -1,
        (_, null) => 1,
        _ => string.CompareOrdinal(_text, other._text),
    };

    /// <inheritdoc/>
    public override string ToString() => _text ?? _number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Equal keys.</summary>
    public static bool operator ==(RecordKey left, RecordKey right) => left.Equals(right);

    /// <summary>Different keys.</summary>
    public static bool operator !=(RecordKey left, RecordKey right) => !left.Equals(right);

    /// <summary>Sorts before.</summary>
    public static bool operator <(RecordKey left, RecordKey right) => left.CompareTo(right) < 0;

    /// <summary>Sorts after.</summary>
    public static bool operator >(RecordKey left, RecordKey right) => left.CompareTo(right) > 0;

    /// <summary>Sorts before or equal.</summary>
    public static bool operator <=(RecordKey left, RecordKey right) => left.CompareTo(right) <= 0;

    /// <summary>Sorts after or equal.</summary>
    public static bool operator >=(RecordKey left, RecordKey right) => left.CompareTo(right) >= 0;

    /// <summary>An integer key.</summary>
    public static implicit operator RecordKey(ulong number) => FromNumber(number);
}
