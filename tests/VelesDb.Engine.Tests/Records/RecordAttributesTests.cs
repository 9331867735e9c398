using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Tests.Records;

/// <summary>Attributes as the contract takes them: one JSON object, compact, within the limits, each name once.</summary>
public sealed class RecordAttributesTests
{
    [Fact]
    public void Attributes_are_kept_as_compact_json_with_numbers_as_written()
    {
        var attributes = RecordAttributes.FromJson("""{ "n" : 1.50, "s" : "ü ☃ \"q\"", "a" : [ 1 , true , null ] }""");
        Assert.Equal("""{"n":1.50,"s":"ü ☃ \"q\"","a":[1,true,null]}""", attributes.Json);
        Assert.True(RecordAttributes.FromJson("{ }").IsEmpty);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"a\":1,\"a\":2}")]
    [InlineData("{\"o\":{\"b\":1,\"b\":1}}")]
    [InlineData("{\"a\":")]
    public void Anything_but_one_object_with_each_name_once_is_refused(string json) =>
        Assert.Throws<InvalidAttributesException>(() => RecordAttributes.FromJson(json));

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused_as_invalid_attributes()
    {
        byte[] json = [.. "{\"n\":1,\""u8, 0xFF, .. "x\":2}"u8];
        Assert.Throws<InvalidAttributesException>(() => RecordAttributes.FromUtf8(json));
    }

    [Fact]
    public void The_size_and_depth_limits_hold_exactly()
    {
        var fits = "{\"s\":\"" + new string('x', RecordAttributes.MaxUtf8Bytes - 8) + "\"}";
        Assert.Equal(RecordAttributes.MaxUtf8Bytes, RecordAttributes.FromJson(fits).Utf8.Length);
        Assert.Throws<InvalidAttributesException>(() => RecordAttributes.FromJson(fits.Replace("\"}", "x\"}", StringComparison.Ordinal)));

        string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{}" + new string('}', depth - 1);
        Assert.False(RecordAttributes.FromJson(Nested(RecordAttributes.MaxDepth)).IsEmpty);
        Assert.Throws<InvalidAttributesException>(() => RecordAttributes.FromJson(Nested(RecordAttributes.MaxDepth + 1)));
    }

    [Fact]
    public void The_compact_form_is_what_writing_the_parsed_document_gives_for_random_json()
    {
        var random = new Random(42);
        var options = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        for (var i = 0; i < 3000; i++)
        {
            var json = RandomObject(random, 0);
            using var document = System.Text.Json.JsonDocument.Parse(json);
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, options))
            {
                document.RootElement.WriteTo(writer);
            }

            var expected = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
            Assert.Equal(expected, RecordAttributes.FromJson(json).Json);
        }
    }

    private static string RandomObject(Random random, int depth)
    {
        var names = new HashSet<string>();
        var parts = new List<string>();
        for (var i = random.Next(depth == 0 ? 6 : 4); i > 0; i--)
        {
            var name = RandomString(random);
            if (names.Add(System.Text.Json.JsonDocument.Parse(name).RootElement.GetString()!))
            {
                parts.Add($"{Space(random)}{name}{Space(random)}:{Space(random)}{RandomValue(random, depth + 1)}");
            }
        }

        return "{" + string.Join(",", parts) + Space(random) + "}";
    }

    private static string RandomValue(Random random, int depth) => random.Next(depth > 4 ? 6 : 8) switch
    {
        0 => RandomString(random),
        1 => new[] { "0", "-0", "1.50", "1e5", "1E+5", "-2.5e-3", "12345678901234567890123", "3" }[random.Next(8)],
        2 => "true",
        3 => "false",
        4 => "null",
        5 => random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        6 => "[" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => Space(random) + RandomValue(random, depth + 1))) + "]",
        _ => RandomObject(random, depth),
    };

    private static string RandomString(Random random)
    {
        string[] pieces = ["a", "Z", "ü", "☃", "😀", "\\\\", "\\\"", "\\n", "\\u0041", "\\u00e9", "\\/", "<", "&", "'", " ", "\\t", "\\ud83d\\ude00"];
        return "\"" + string.Concat(Enumerable.Range(0, random.Next(5)).Select(_ => pieces[random.Next(pieces.Length)])) + "\"";
    }

    private static string Space(Random random) => random.Next(4) == 0 ? " \n\t" : "";
}
