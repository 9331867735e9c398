using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VelesDb.Engine.Contract;

/// <summary>
/// Rewrites a JSON object in the compact form attributes are kept in, in one pass of a reader
/// feeding a writer: no document is built, nothing is allocated but the result. The output is
/// byte for byte what writing the parsed document would give (strings and names unescaped and
/// escaped again by the same encoder, numbers as written). It checks that each object names each
/// property once; what it declines (a root that is not an object, a name given twice, an object
/// of very many properties) the caller checks the slow way, which also says what is wrong.
/// </summary>
internal static class CompactJson
{
    /// <summary>Objects with more names than this are checked for repeats the slow way.</summary>
    private const int MaxNamesCheckedInline = 64;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Non-ASCII text stays as UTF-8 rather than \u escapes: the bytes count against the limit.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>
    /// The compact form of <paramref name="json"/> (valid UTF-8), or false when the slow path must
    /// decide. Throws <see cref="JsonException"/> for text that is not JSON or nests deeper than
    /// <see cref="RecordAttributes.MaxDepth"/>.
    /// </summary>
    public static bool TryCompact(ReadOnlySpan<byte> json, out byte[]? compact)
    {
        compact = null;
        var scratch = t_scratch ??= new Scratch();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = RecordAttributes.MaxDepth });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        scratch.Reset();
        var writer = scratch.Writer;
        writer.WriteStartObject();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    writer.WriteStartObject();
                    break;
                case JsonTokenType.EndObject:
                    scratch.ForgetNamesAt(reader.CurrentDepth + 1);
                    writer.WriteEndObject();
                    break;
                case JsonTokenType.StartArray:
                    writer.WriteStartArray();
                    break;
                case JsonTokenType.EndArray:
                    writer.WriteEndArray();
                    break;
                case JsonTokenType.PropertyName:
                    var name = scratch.Unescaped(ref reader);
                    if (!scratch.TryAddName(reader.CurrentDepth, name))
                    {
                        return false;
                    }

                    writer.WritePropertyName(name);
                    break;
                case JsonTokenType.String:
                    writer.WriteStringValue(scratch.Unescaped(ref reader));
                    break;
                case JsonTokenType.Number:
                    writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                    break;
                case JsonTokenType.True:
                    writer.WriteBooleanValue(true);
                    break;
                case JsonTokenType.False:
                    writer.WriteBooleanValue(false);
                    break;
                default:
                    writer.WriteNullValue();
                    break;
            }
        }

        writer.Flush();
        compact = scratch.Output.WrittenSpan.ToArray();
        return true;
    }

    /// <summary>A thread's reusable buffers: the output, unescaped text, and the names of the objects open now.</summary>
    private sealed class Scratch
    {
        private readonly List<(int Depth, int Start, int Length)> _names = [];
        private byte[] _nameBytes = new byte[256];
        private int _nameBytesUsed;
        private byte[] _text = new byte[256];

        public Scratch() => Writer = new Utf8JsonWriter(Output, WriterOptions);

        public ArrayBufferWriter<byte> Output { get; } = new(256);

        public Utf8JsonWriter Writer { get; }

        public void Reset()
        {
            Output.ResetWrittenCount();
            Writer.Reset(Output);
            _names.Clear();
            _nameBytesUsed = 0;
        }

        /// <summary>The current string token's text, unescaped; valid until the next call.</summary>
        public ReadOnlySpan<byte> Unescaped(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped)
            {
                return reader.ValueSpan;
            }

            if (_text.Length < reader.ValueSpan.Length)
            {
                _text = new byte[Math.Max(reader.ValueSpan.Length, _text.Length * 2)];
            }

            var length = reader.CopyString(_text);
            return _text.AsSpan(0, length);
        }

        /// <summary>Remembers a property name of the object at <paramref name="depth"/>; false when it has it already, or has too many to check here.</summary>
        public bool TryAddName(int depth, ReadOnlySpan<byte> name)
        {
            var inObject = 0;
            for (var i = _names.Count - 1; i >= 0 && _names[i].Depth == depth; i--)
            {
                var (_, start, length) = _names[i];
                if (++inObject > MaxNamesCheckedInline || _nameBytes.AsSpan(start, length).SequenceEqual(name))
                {
                    return false;
                }
            }

            if (_nameBytes.Length - _nameBytesUsed < name.Length)
            {
                Array.Resize(ref _nameBytes, Math.Max(_nameBytes.Length * 2, _nameBytesUsed + name.Length));
            }

            name.CopyTo(_nameBytes.AsSpan(_nameBytesUsed));
            _names.Add((depth, _nameBytesUsed, name.Length));
            _nameBytesUsed += name.Length;
            return true;
        }

        /// <summary>Forgets the names of the object that just ended (whose names sat at <paramref name="depth"/>).</summary>
        public void ForgetNamesAt(int depth)
        {
            while (_names.Count > 0 && _names[^1].Depth == depth)
            {
                _nameBytesUsed = _names[^1].Start;
                _names.RemoveAt(_names.Count - 1);
            }
        }
    }
}
