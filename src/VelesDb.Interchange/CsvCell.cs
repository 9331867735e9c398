using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VelesDb.Interchange;

/// <summary>
/// How an attribute value sits in a CSV cell (and in the text columns of other formats): a string as
/// its text, anything else (numbers, booleans, null, arrays, objects) as its JSON text. A string that
/// would read back as something else (empty, or itself valid JSON such as "42" or "true") is written
/// as its JSON string literal. Reading reverses it: an empty cell is no attribute, a cell that is
/// valid JSON is that value, any other cell is a string.
/// </summary>
public static class CsvCell
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The cell text of one attribute value, given as its compact JSON text.</summary>
    public static string FromJson(ReadOnlySpan<byte> value)
    {
        if (value[0] != (byte)'"')
        {
            return Encoding.UTF8.GetString(value);
        }

        var reader = new Utf8JsonReader(value);
        reader.Read();
        var text = reader.GetString()!;
        return text.Length == 0 || IsJson(text) ? Encoding.UTF8.GetString(value) : text;
    }

    /// <summary>Writes the value of a cell (not empty) as a JSON value.</summary>
    public static void WriteValue(Utf8JsonWriter writer, string cell)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (IsJson(cell))
        {
            writer.WriteRawValue(cell.Trim(), skipInputValidation: false);
        }
        else
        {
            writer.WriteStringValue(cell);
        }
    }

    /// <summary>True when <paramref name="text"/> is one complete JSON value.</summary>
    public static bool IsJson(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return false;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A JSON object of named cells (empty cells left out), or empty when all are.</summary>
    internal static byte[] ObjectOf(IReadOnlyList<string> names, IReadOnlyList<string> cells, IReadOnlyList<int> columns, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        var any = false;
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var column in columns)
            {
                if (column >= cells.Count || cells[column].Length == 0)
                {
                    continue;
                }

                writer.WritePropertyName(names[column]);
                WriteValue(writer, cells[column]);
                any = true;
            }

            writer.WriteEndObject();
        }

        return any ? buffer.WrittenSpan.ToArray() : [];
    }

    /// <summary>The components of a vector cell: numbers joined by ';' (or ','), or a JSON array; null with the reason when it is not.</summary>
    internal static string? ParseVector(string cell, List<float> into)
    {
        into.Clear();
        var text = cell.AsSpan().Trim();
        if (text.Length >= 2 && text[0] == '[' && text[^1] == ']')
        {
            text = text[1..^1];
        }

        if (text.IsWhiteSpace())
        {
            return "the vector is empty.";
        }

        var separator = text.Contains(';') ? ';' : ',';
        var index = 0;
        foreach (var range in text.Split(separator))
        {
            index++;
            var part = text[range].Trim();
            if (!float.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
            {
                return $"component {index} of the vector, '{part.ToString()}', is not a finite number.";
            }

            into.Add(value);
        }

        return null;
    }
}
