using System.Text.Encodings.Web;
using System.Text.Json;

namespace VelesDb.Interchange;

/// <summary>
/// Writes JSON Lines: <c>{"key":42,"vector":[0.5,1],"attributes":{...}}</c> a line. An integer key
/// is a JSON number, a text key a JSON string; each component is the shortest decimal that reads
/// back as the same float32; attributes are written as stored (left out when there are none).
/// </summary>
public sealed class JsonLinesWriter : RecordWriter
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly Stream _stream;
    private readonly Utf8JsonWriter _writer;

    public JsonLinesWriter(Stream stream)
    {
        _stream = stream;
        _writer = new Utf8JsonWriter(stream, Options);
    }

    /// <inheritdoc/>
    public override bool TryWrite(RowKey key, ReadOnlySpan<float> vector, ReadOnlySpan<byte> attributes, out string? problem)
    {
        problem = null;
        _writer.WriteStartObject();
        if (key.IsText)
        {
            _writer.WriteString("key"u8, key.Text);
        }
        else
        {
            _writer.WriteNumber("key"u8, key.Number);
        }

        _writer.WriteStartArray("vector"u8);
        foreach (var component in vector)
        {
            _writer.WriteNumberValue(component);
        }

        _writer.WriteEndArray();
        if (attributes.Length > 2)
        {
            _writer.WritePropertyName("attributes"u8);
            _writer.WriteRawValue(attributes, skipInputValidation: true);
        }

        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset();
        _stream.WriteByte((byte)'\n');
        Written++;
        return true;
    }

    /// <inheritdoc/>
    public override void Complete()
    {
        _writer.Flush();
        _stream.Flush();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
