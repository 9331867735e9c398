using System.Text;

namespace VelesDb.Engine.Contract;

/// <summary>
/// The key of a record: an unsigned integer, or a string of 1 to <see cref="MaxTextBytes"/> UTF-8
/// bytes. Integer keys sort before text keys; text keys compare ordinally. A backend that keeps
/// only integer keys says so with <see cref="CapabilityNotSupportedException"/>.
/// </summary>
public readonly struct RecordKey : IEquatable<RecordKey>, IComparable<RecordKey>
{
    /// <summary>The longest text key, in UTF-8 bytes.</summary>
    public const int MaxTextBytes = 1024;

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

    /// <summary>A text key; throws <see cref="ArgumentException"/> when it is empty or longer than <see cref="MaxTextBytes"/>.</summary>
    public static RecordKey FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetByteCount(text);
        if (bytes is 0 or > MaxTextBytes)
        {
            throw new ArgumentException($"A text key holds 1 to {MaxTextBytes} UTF-8 bytes; this one has {bytes}.", nameof(text));
        }

        return new RecordKey(0, text);
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
