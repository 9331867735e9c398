using System.Text.Encodings.Web;
using System.Text.Json;

namespace VelesDb.Engine.Contract;

/// <summary>
/// The attributes of a record: one JSON object, kept as its compact UTF-8 text. Every value JSON
/// can hold is allowed (strings, numbers, booleans, null, arrays, nested objects); numbers keep
/// the exact text they were given. At most <see cref="MaxUtf8Bytes"/> bytes in that compact form
/// and <see cref="MaxDepth"/> levels of nesting; a property name may appear once per object.
/// Two values are equal when their compact text is.
/// </summary>
public sealed class RecordAttributes : IEquatable<RecordAttributes>
{
    /// <summary>The most bytes one record's attributes may take, as compact UTF-8 JSON (64 KiB).</summary>
    public const int MaxUtf8Bytes = 64 * 1024;

    /// <summary>The deepest nesting of objects and arrays, the outer object included.</summary>
    public const int MaxDepth = 32;

    private static readonly JsonWriterOptions CompactWriter = new()
    {
        // Non-ASCII text stays as UTF-8 rather than \u escapes: the bytes count against the limit.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly byte[] _utf8;

    private RecordAttributes(byte[] utf8) => _utf8 = utf8;

    /// <summary>No attributes: the empty object.</summary>
    public static RecordAttributes Empty { get; } = new("{}"u8.ToArray());

    /// <summary>True for the empty object.</summary>
    public bool IsEmpty => _utf8.Length == 2;

    /// <summary>The compact UTF-8 JSON text.</summary>
    public ReadOnlyMemory<byte> Utf8 => _utf8;

    /// <summary>The compact JSON text.</summary>
    public string Json => System.Text.Encoding.UTF8.GetString(_utf8);

    /// <summary>Attributes from JSON text; throws <see cref="InvalidAttributesException"/> for anything but an acceptable object.</summary>
    public static RecordAttributes FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parsed(System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Attributes from UTF-8 JSON; throws <see cref="InvalidAttributesException"/> for anything but an acceptable object.</summary>
    public static RecordAttributes FromUtf8(ReadOnlySpan<byte> json) => Parsed(json);

    private static RecordAttributes Parsed(ReadOnlySpan<byte> json)
    {
        // The reader checks the JSON's structure, not that every string in it is UTF-8.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new InvalidAttributesException("The attributes are not valid UTF-8 text.");
        }

        try
        {
            if (CompactJson.TryCompact(json, out var compact))
            {
                return Checked(compact!);
            }
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }

        // What the one pass declines (not an object, a name given twice) the document says precisely.
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw NotJson(e);
        }

        using (document)
        {
            return FromElement(document.RootElement);
        }
    }

    private static InvalidAttributesException NotJson(JsonException e) =>
        new($"The attributes are not valid JSON (nested at most {MaxDepth} deep): {e.Message}");

    /// <summary>Compact attributes within the size limit; the empty object is <see cref="Empty"/>.</summary>
    private static RecordAttributes Checked(byte[] compact)
    {
        if (compact.Length > MaxUtf8Bytes)
        {
            throw new InvalidAttributesException($"The attributes take {compact.Length:N0} bytes as compact JSON; a record's attributes may take at most {MaxUtf8Bytes:N0}.");
        }

        return compact.Length == 2 ? Empty : new RecordAttributes(compact);
    }

    /// <summary>Attributes from a parsed JSON value, which must be an object.</summary>
    public static RecordAttributes FromElement(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidAttributesException($"The attributes must be a JSON object (names and values); this is a JSON {element.ValueKind.ToString().ToLowerInvariant()}.");
        }

        ThrowIfRepeatedNames(element, "");
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            element.WriteTo(writer);
        }

        return Checked(buffer.WrittenSpan.ToArray());
    }

    /// <summary>Attributes the store wrote itself and has checked by checksum: already compact and valid.</summary>
    internal static RecordAttributes FromStored(ReadOnlySpan<byte> utf8) =>
        utf8.Length == 0 || (utf8.Length == 2 && utf8[0] == (byte)'{') ? Empty : new RecordAttributes(utf8.ToArray());

    /// <summary>The attributes parsed; the caller disposes the document.</summary>
    public JsonDocument Parse() => JsonDocument.Parse(_utf8);

    /// <inheritdoc/>
    public bool Equals(RecordAttributes? other) => other is not null && _utf8.AsSpan().SequenceEqual(other._utf8);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RecordAttributes);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)System.IO.Hashing.XxHash32.HashToUInt32(_utf8);

    /// <inheritdoc/>
    public override string ToString() => Json;

    private static void ThrowIfRepeatedNames(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? names = null;
                foreach (var property in element.EnumerateObject())
                {
                    names ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!names.Add(property.Name))
                    {
                        throw new InvalidAttributesException($"The attribute '{path}{property.Name}' is given twice; each name may appear once in an object.");
                    }

                    ThrowIfRepeatedNames(property.Value, $"{path}{property.Name}.");
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    ThrowIfRepeatedNames(item, path);
                }

                break;
        }
    }
}
