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
}
