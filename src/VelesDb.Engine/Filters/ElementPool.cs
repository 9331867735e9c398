namespace VelesDb.Engine.Filters;

/// <summary>
/// The items of one column's flat lists, back to back: each item's number (a string's as read by
/// <see cref="NumericText"/>) and its code: a string id (0 and up), <see cref="NumberCode"/> or
/// <see cref="NullCode"/>. Replaced whole when it grows, so a reader's copy never changes length.
/// </summary>
internal sealed class ElementPool(int capacity)
{
    public const int NumberCode = -1;
    public const int NullCode = -2;

    /// <summary>Null while every item is 0 as a number, as lists of words are; made in place by the writer.</summary>
    public double[]? Numbers { get; set; }

    public int[] Codes { get; } = new int[capacity];

    public int Capacity => Codes.Length;
}
