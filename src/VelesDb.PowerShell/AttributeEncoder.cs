using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Internal;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>
/// Turns PowerShell values into a record's attributes (compact JSON), by the module's rules:
/// strings and chars, numbers of every .NET numeric type (finite), booleans and null as themselves;
/// lists and arrays as arrays; hashtables, ordered dictionaries and PSCustomObjects as objects, in
/// their order; [datetime] and [datetimeoffset] as ISO-8601 round-trip strings ("o"); [guid] and
/// enums as strings. Anything else (a script block, a live .NET object such as a FileInfo) is not a
/// JSON value and throws <see cref="InvalidAttributesException"/> naming the attribute, rather
/// than being stored as whatever its ToString() says.
/// </summary>
internal static class AttributeEncoder
{
    private static readonly JsonWriterOptions Compact = new()
    {
        // As the engine writes them: non-ASCII text stays UTF-8, since the bytes count against the limit.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,

        // Deeper than allowed is reported by RecordAttributes with the limit; this writer stops
        // only a value that refers to itself, a little beyond it.
        SkipValidation = true,
    };

    /// <summary>
    /// The attributes given as -Attributes: a hashtable, an ordered dictionary, a PSCustomObject, or
    /// a string holding a JSON object. Null means none.
    /// </summary>
    internal static RecordAttributes FromArgument(object? value)
    {
        var unwrapped = value is PSObject wrapped && wrapped.BaseObject is not PSCustomObject ? wrapped.BaseObject : value;
        switch (unwrapped)
        {
            case null:
                return RecordAttributes.Empty;
            case string json:
                return RecordAttributes.FromJson(json);
            case IDictionary or PSObject:
                return Encode(writer => WriteValue(writer, unwrapped, string.Empty, 0));
            default:
                throw new InvalidAttributesException($"-Attributes takes a hashtable, an ordered dictionary, a PSCustomObject or a JSON object string; a {unwrapped.GetType().Name} is none of these.");
        }
    }

    /// <summary>
    /// The attributes of a piped object: each of its properties, in order, except those
    /// <paramref name="isExcluded"/> names (the ones bound to parameters, and -ExcludeProperty).
    /// </summary>
    internal static RecordAttributes FromProperties(PSObject piped, Func<string, bool> isExcluded)
    {
        var kept = new List<PSPropertyInfo>();
        foreach (var property in piped.Properties)
        {
            if (!isExcluded(property.Name))
            {
                kept.Add(property);
            }
        }

        if (kept.Count == 0)
        {
            return RecordAttributes.Empty;
        }

        return Encode(writer =>
        {
            writer.WriteStartObject();
            foreach (var property in kept)
            {
                writer.WritePropertyName(property.Name);
                WriteValue(writer, ValueOf(property, property.Name), property.Name, 1);
            }

            writer.WriteEndObject();
        });
    }

    private static RecordAttributes Encode(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            write(writer);
        }

        // The engine's own checks: an object, the size limit, the depth limit, names given once.
        return RecordAttributes.FromUtf8(buffer.WrittenSpan);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, string path, int depth)
    {
        if (value is PSObject wrapped)
        {
            if (ReferenceEquals(wrapped, AutomationNull.Value))
            {
                writer.WriteNullValue();
                return;
            }

            if (wrapped.BaseObject is PSCustomObject)
            {
                WriteObject(writer, wrapped, path, depth + 1);
                return;
            }

            value = wrapped.BaseObject;
        }

        switch (value)
        {
            case null or DBNull:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case char c:
                writer.WriteStringValue(c.ToString());
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int n:
                writer.WriteNumberValue(n);
                break;
            case long n:
                writer.WriteNumberValue(n);
                break;
            case double n:
                writer.WriteNumberValue(Finite(n, path));
                break;
            case float n:
                writer.WriteNumberValue((float)Finite(n, path));
                break;
            case decimal n:
                writer.WriteNumberValue(n);
                break;
            case byte n:
                writer.WriteNumberValue(n);
                break;
            case sbyte n:
                writer.WriteNumberValue(n);
                break;
            case short n:
                writer.WriteNumberValue(n);
                break;
            case ushort n:
                writer.WriteNumberValue(n);
                break;
            case uint n:
                writer.WriteNumberValue(n);
                break;
            case ulong n:
                writer.WriteNumberValue(n);
                break;
            case BigInteger n:
                writer.WriteRawValue(n.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
                break;
            case DateTime time:
                writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                break;
            case DateTimeOffset time:
                writer.WriteStringValue(time.ToString("o", CultureInfo.InvariantCulture));
                break;
            case Guid guid:
                writer.WriteStringValue(guid.ToString("D"));
                break;
            case Enum named:
                writer.WriteStringValue(named.ToString());
                break;
            case IDictionary dictionary:
                WriteDictionary(writer, dictionary, path, depth + 1);
                break;
            case IList list:
                WriteArray(writer, list, path, depth + 1);
                break;
            default:
                throw new InvalidAttributesException(
                    $"The attribute '{Named(path)}' cannot be stored: a {value.GetType().FullName} is not a JSON value (a string, number, boolean, null, array or object). Convert it first, for example to a string or to a PSCustomObject of the properties wanted.");
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, PSObject value, string path, int depth)
    {
        ThrowIfTooDeep(path, depth);
        writer.WriteStartObject();
        foreach (var property in value.Properties)
        {
            var name = Join(path, property.Name);
            writer.WritePropertyName(property.Name);
            WriteValue(writer, ValueOf(property, name), name, depth);
        }

        writer.WriteEndObject();
    }

    private static void WriteDictionary(Utf8JsonWriter writer, IDictionary value, string path, int depth)
    {
        ThrowIfTooDeep(path, depth);
        writer.WriteStartObject();
        foreach (DictionaryEntry entry in value)
        {
            var key = entry.Key is PSObject wrapped ? wrapped.BaseObject : entry.Key;
            var name = Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty;
            writer.WritePropertyName(name);
            WriteValue(writer, entry.Value, Join(path, name), depth);
        }

        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, IList value, string path, int depth)
    {
        ThrowIfTooDeep(path, depth);
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            WriteValue(writer, value[i], string.Create(CultureInfo.InvariantCulture, $"{path}[{i}]"), depth);
        }

        writer.WriteEndArray();
    }

    private static object? ValueOf(PSPropertyInfo property, string path)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException e)
        {
            throw new InvalidAttributesException($"The attribute '{path}' cannot be read: {e.Message}");
        }
    }

    private static double Finite(double value, string path) => double.IsFinite(value)
        ? value
        : throw new InvalidAttributesException($"The attribute '{Named(path)}' is {value.ToString(CultureInfo.InvariantCulture)}; JSON holds only finite numbers.");

    private static void ThrowIfTooDeep(string path, int depth)
    {
        if (depth > RecordAttributes.MaxDepth)
        {
            // Also what stops an object that contains itself.
            throw new InvalidAttributesException($"The attribute '{Named(path)}' is nested more than {RecordAttributes.MaxDepth} levels deep; a record's attributes may nest at most {RecordAttributes.MaxDepth} (the outer object included).");
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Named(string path) => path.Length == 0 ? "(the attributes)" : path;
}
