using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VelesDb.Interchange;

/// <summary>
/// Reads JSON Lines: one JSON object a line, with the key as "key" (or "id": a non-negative
/// integer or a string), the vector as "vector" (or "embedding": an array of numbers), and the
/// attributes as "attributes" (an object). Without an "attributes" property, every other property
/// of the line is an attribute, as embedding datasets publish them. Blank lines are skipped; a line
/// that is not such an object is a bad row and the next line is read.
/// </summary>
public sealed class JsonLinesReader : RecordReader
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream _stream;
    private readonly LineReader _lines;
    private readonly ArrayBufferWriter<byte> _attributes = new(256);
    private readonly List<(string Name, int ValueStart, int ValueLength)> _others = [];
    private long _line;

    public JsonLinesReader(Stream stream)
    {
        _stream = stream;
        _lines = new LineReader(stream);
    }

    /// <inheritdoc/>
    public override string RowLabel => $"line {Row}";

    /// <inheritdoc/>
    public override double Progress => ShareRead(_stream, _lines.Consumed);

    /// <inheritdoc/>
    public override bool Read()
    {
        while (_lines.TryReadLine(out var line, out var tooLong))
        {
            _line++;
            BeginRow(_line);
            if (tooLong)
            {
                return Bad($"the line is longer than {LineReader.MaxLineBytes:N0} bytes.");
            }

            if (line.TrimStart(" \t"u8).IsEmpty)
            {
                continue;
            }

            try
            {
                ParseLine(line);
            }
            catch (JsonException e)
            {
                Bad($"the line is not valid JSON: {e.Message}");
            }

            return true;
        }

        return false;
    }

    private void ParseLine(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            Bad("the line is not a JSON object.");
            return;
        }

        var sawVector = false;
        var sawAttributes = false;
        _others.Clear();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("key"u8) || reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                if (!TryKey(ref reader))
                {
                    return;
                }
            }
            else if (reader.ValueTextEquals("vector"u8) || reader.ValueTextEquals("embedding"u8))
            {
                reader.Read();
                if (!TryVector(ref reader))
                {
                    return;
                }

                sawVector = true;
            }
            else if (reader.ValueTextEquals("attributes"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    sawAttributes = true;
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Bad("\"attributes\" is not a JSON object.");
                    return;
                }

                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                Attributes = line[start..(int)reader.BytesConsumed].ToArray();
                sawAttributes = true;
            }
            else
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                _others.Add((name, start, (int)reader.BytesConsumed - start));
            }
        }

        if (reader.Read())
        {
            Bad("the line holds more than one JSON value.");
            return;
        }

        if (!sawVector)
        {
            Bad("the line has no \"vector\" (or \"embedding\") property.");
            return;
        }

        if (!sawAttributes && _others.Count > 0)
        {
            Attributes = Gather(line);
        }
    }

    private byte[] Gather(ReadOnlySpan<byte> line)
    {
        _attributes.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_attributes, WriterOptions))
        {
            writer.WriteStartObject();
            foreach (var (name, valueStart, valueLength) in _others)
            {
                writer.WritePropertyName(name);
                writer.WriteRawValue(line.Slice(valueStart, valueLength), skipInputValidation: true);
            }

            writer.WriteEndObject();
        }

        return _attributes.WrittenSpan.ToArray();
    }

    private bool TryKey(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetUInt64(out var number):
                Key = RowKey.OfNumber(number);
                return true;
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (text.Length == 0)
                {
                    Bad("the key is an empty string.");
                    return false;
                }

                Key = RowKey.OfText(text);
                return true;
            default:
                Bad("the key is neither a whole number from 0 to 18446744073709551615 nor a string.");
                return false;
        }
    }

    private bool TryVector(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Bad("\"vector\" is not a JSON array of numbers.");
            return false;
        }

        var count = 0;
        var buffer = VectorBuffer(0);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetSingle(out var value) || !float.IsFinite(value))
            {
                Bad($"component {count + 1} of the vector is not a finite number.");
                return false;
            }

            if (count == buffer.Length)
            {
                var grown = VectorBuffer(Math.Max(16, count * 2));
                buffer[..count].CopyTo(grown);
                buffer = grown;
            }

            buffer[count++] = value;
        }

        // Keep what was filled: VectorBuffer keeps the contents when it does not grow.
        VectorBuffer(count);
        return true;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
