using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Text;
using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Index;

/// <summary>
/// What a slot holds besides its vector: the record's text key (null for an integer key) and its
/// attributes (null for none). Immutable, so readers may hold one while the writer replaces it.
/// A slot of a text-keyed record stores <see cref="SlotIdOf"/> of the key in its id field, which
/// ties the slot to its key for the slot checksum and for <see cref="MmapVectorStore.Verify"/>.
/// </summary>
internal sealed class RecordMeta
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public RecordMeta(string? textKey, RecordAttributes? attributes)
    {
        TextKey = textKey;
        KeyUtf8 = textKey is null ? [] : StrictUtf8.GetBytes(textKey);
        Attributes = attributes is { IsEmpty: false } ? attributes : null;
    }

    /// <summary>The text key, or null for an integer key.</summary>
    public string? TextKey { get; }

    /// <summary>The text key as UTF-8; empty for an integer key.</summary>
    public byte[] KeyUtf8 { get; }

    /// <summary>The attributes, or null when the record has none.</summary>
    public RecordAttributes? Attributes { get; }

    public int AttributeBytes => Attributes?.Utf8.Length ?? 0;

    /// <summary>Metadata worth keeping: a text key or attributes; null otherwise.</summary>
    public static RecordMeta? Of(RecordKey key, RecordAttributes? attributes) =>
        key.IsText || attributes is { IsEmpty: false } ? new RecordMeta(key.Text, attributes) : null;

    /// <summary>The id a text-keyed record's slot holds: the XXH3-64 of the key's UTF-8 bytes.</summary>
    public static ulong SlotIdOf(ReadOnlySpan<byte> keyUtf8) => XxHash3.HashToUInt64(keyUtf8);

    /// <summary>The key of the record in a slot holding <paramref name="slotId"/> and this metadata (or none).</summary>
    public static RecordKey KeyOf(RecordMeta? meta, ulong slotId) =>
        meta?.TextKey is { } text ? RecordKey.FromStoredText(text) : RecordKey.FromNumber(slotId);

    /// <summary>A text key as written: valid UTF-8, and not a string that would name an integer key.</summary>
    public static bool TryDecodeText(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out string? text)
    {
        text = null;
        try
        {
            var decoded = StrictUtf8.GetString(bytes);
            if (!RecordKey.TryFromText(decoded, out var key, out _) || !key.IsText)
            {
                return false;
            }

            text = decoded;
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Attributes as written: one valid JSON object within the limits.</summary>
    public static bool TryDecodeAttributes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out RecordAttributes? attributes)
    {
        try
        {
            attributes = RecordAttributes.FromUtf8(bytes);
            return true;
        }
        catch (InvalidAttributesException)
        {
            attributes = null;
            return false;
        }
    }
}
