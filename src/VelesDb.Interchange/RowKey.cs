using System.Globalization;

namespace VelesDb.Interchange;

/// <summary>
/// The key a file gives a row: none (the array formats without a companion file), an unsigned
/// integer, or text. Text that is a canonical decimal integer names the integer key, as the store's
/// keys do; the store decides that, not the file.
/// </summary>
public readonly struct RowKey : IEquatable<RowKey>
{
    private RowKey(ulong number, string? text, bool present)
    {
        Number = number;
        Text = text;
        IsPresent = present;
    }

    /// <summary>No key: the row's position names it.</summary>
    public static RowKey None => default;

    /// <summary>False when the file gave no key.</summary>
    public bool IsPresent { get; }

    /// <summary>True for a text key.</summary>
    public bool IsText => Text is not null;

    /// <summary>The integer of an integer key (0 for a text key).</summary>
    public ulong Number { get; }

    /// <summary>The text of a text key, or null.</summary>
    public string? Text { get; }

    /// <summary>An integer key.</summary>
    public static RowKey OfNumber(ulong number) => new(number, null, true);

    /// <summary>A text key, as the file spells it.</summary>
    public static RowKey OfText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new(0, text, true);
    }

    /// <inheritdoc/>
    public bool Equals(RowKey other) => IsPresent == other.IsPresent && Number == other.Number && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RowKey other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsPresent, Number, Text);

    /// <inheritdoc/>
    public override string ToString() => !IsPresent ? "(none)" : Text ?? Number.ToString(CultureInfo.InvariantCulture);

    /// <summary>Equal keys.</summary>
    public static bool operator ==(RowKey left, RowKey right) => left.Equals(right);

    /// <summary>Different keys.</summary>
    public static bool operator !=(RowKey left, RowKey right) => !left.Equals(right);
}
