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
/// JSON value and throws <see cref="InvalidAttributesException"/> naming the attribute by its path
/// (<c>Meta.Tags[2]</c>, put together only then), rather than being stored as whatever its
/// ToString() says.
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

    // One buffer and writer per thread, reset for each record: a pipeline encodes one record after
    // another, and allocating a writer per record costs more than writing a few attributes.
    [ThreadStatic]
    private static Scratch? _scratch;

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
                var scratch = Scratch.Take();
                try
                {
                    WriteValue(scratch.Writer, unwrapped, 0);
                    return scratch.ToAttributes();
                }
                catch (RefusedValue refused)
                {
                    throw refused.Named(null);
                }
                finally
                {
                    scratch.Release();
                }

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
        var scratch = Scratch.Take();
        string? current = null;
        try
        {
            var writer = scratch.Writer;
            writer.WriteStartObject();
            foreach (var property in piped.Properties)
            {
                if (isExcluded(property.Name))
                {
                    continue;
                }

                current = property.Name;
                writer.WritePropertyName(current);
                WriteValue(writer, ValueOf(property), 1);
            }

            writer.WriteEndObject();
            return current is null ? RecordAttributes.Empty : scratch.ToAttributes();
        }
        catch (RefusedValue refused)
        {
            throw refused.Named(current);
        }
        finally
        {
            scratch.Release();
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value, int depth)
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
                WriteObject(writer, wrapped, depth + 1);
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
                writer.WriteNumberValue(Finite(n));
                break;
            case float n:
                writer.WriteNumberValue((float)Finite(n));
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
                WriteDictionary(writer, dictionary, depth + 1);
                break;
            case IList list:
                WriteArray(writer, list, depth + 1);
                break;
            default:
                throw new RefusedValue(
                    $"The attribute '{{0}}' cannot be stored: a {value.GetType().FullName} is not a JSON value (a string, number, boolean, null, array or object). Convert it first, for example to a string or to a PSCustomObject of the properties wanted.");
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, PSObject value, int depth)
    {
        ThrowIfTooDeep(depth);
        writer.WriteStartObject();
        foreach (var property in value.Properties)
        {
            writer.WritePropertyName(property.Name);
            WriteMember(writer, ValueOf(property), depth, "." + property.Name);
        }

        writer.WriteEndObject();
    }

    private static void WriteDictionary(Utf8JsonWriter writer, IDictionary value, int depth)
    {
        ThrowIfTooDeep(depth);
        writer.WriteStartObject();
        foreach (DictionaryEntry entry in value)
        {
            var key = entry.Key is PSObject wrapped ? wrapped.BaseObject : entry.Key;
            var name = Convert.ToString(key, CultureInfo.InvariantCulture) ?? string.Empty;
            writer.WritePropertyName(name);
            WriteMember(writer, entry.Value, depth, "." + name);
        }

        writer.WriteEndObject();
    }

    private static void WriteArray(Utf8JsonWriter writer, IList value, int depth)
    {
        ThrowIfTooDeep(depth);
        writer.WriteStartArray();
        for (var i = 0; i < value.Count; i++)
        {
            WriteMember(writer, value[i], depth, i);
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes a member of an object or array; a refusal below it learns the member's place (a name, or an index).</summary>
    private static void WriteMember(Utf8JsonWriter writer, object? value, int depth, object place)
    {
        try
        {
            WriteValue(writer, value, depth);
        }
        catch (RefusedValue refused)
        {
            refused.Path.Insert(0, place is int index ? string.Create(CultureInfo.InvariantCulture, $"[{index}]") : (string)place);
            throw;
        }
    }

    private static object? ValueOf(PSPropertyInfo property)
    {
        try
        {
            return property.Value;
        }
        catch (GetValueException e)
        {
            throw new RefusedValue("The attribute '{0}' cannot be read: " + e.Message.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
        }
    }

    private static double Finite(double value) => double.IsFinite(value)
        ? value
        : throw new RefusedValue($"The attribute '{{0}}' is {value.ToString(CultureInfo.InvariantCulture)}; JSON holds only finite numbers.");

    private static void ThrowIfTooDeep(int depth)
    {
        if (depth > RecordAttributes.MaxDepth)
        {
            // Also what stops an object that contains itself.
            throw new RefusedValue($"The attribute '{{0}}' is nested more than {RecordAttributes.MaxDepth} levels deep; a record's attributes may nest at most {RecordAttributes.MaxDepth} (the outer object included).");
        }
    }

    /// <summary>
    /// A buffer and a writer over it, kept per thread. Taken while in use (a script property read
    /// while encoding may run a pipeline that encodes too), another one is made for the nested use.
    /// </summary>
    private sealed class Scratch
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(1024);
        private bool _inUse;

        private Scratch() => Writer = new Utf8JsonWriter(_buffer, Compact);

        public Utf8JsonWriter Writer { get; }

        public static Scratch Take()
        {
            var scratch = _scratch is { _inUse: false } cached ? cached : new Scratch();
            _scratch ??= scratch;
            scratch._inUse = true;
            scratch._buffer.ResetWrittenCount();
            scratch.Writer.Reset(scratch._buffer);
            return scratch;
        }

        /// <summary>What was written, checked as the engine checks attributes: an object, the size and depth limits, names given once.</summary>
        public RecordAttributes ToAttributes()
        {
            Writer.Flush();
            return RecordAttributes.FromUtf8(_buffer.WrittenSpan);
        }

        public void Release() => _inUse = false;
    }

    /// <summary>A value the encoder refuses: its message has a {0} for the attribute's path, filled in on the way out.</summary>
    private sealed class RefusedValue(string message) : Exception(message)
    {
        /// <summary>Where the value is, from the outside in: ".Meta", ".Tags", "[2]".</summary>
        public List<string> Path { get; } = [];

        /// <summary>The error for the attribute named <paramref name="name"/> (null: the attributes given whole), with the path filled in.</summary>
        public InvalidAttributesException Named(string? name)
        {
            var path = string.Concat(name, string.Concat(Path)).TrimStart('.');
            return new InvalidAttributesException(string.Format(CultureInfo.InvariantCulture, Message, path.Length == 0 ? "(the attributes)" : path));
        }
    }
}
