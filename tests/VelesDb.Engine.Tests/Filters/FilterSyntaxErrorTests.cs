using VelesDb.Engine.Filters;

namespace VelesDb.Engine.Tests.Filters;

/// <summary>Malformed filters: one <see cref="InvalidFilterException"/> that points at the problem.</summary>
public sealed class FilterSyntaxErrorTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 3)]
    [InlineData(".age >", 6)]
    [InlineData(".age > > 3", 7)]
    [InlineData("(.age > 3", 0)]
    [InlineData(".age > 3)", 8)]
    [InlineData(".age = 3", 5)]
    [InlineData(".a & .b", 3)]
    [InlineData(".a | .b", 3)]
    [InlineData("age > 3", 0)]
    [InlineData(".age > 3 xor .b", 9)]
    [InlineData(". > 3", 0)]
    [InlineData(".a. > 3", 2)]
    [InlineData(".name == \"Alice", 9)]
    [InlineData(".name == 'Alice\\'", 9)]
    [InlineData(".a in [1, 2", 6)]
    [InlineData(".a in [1 2]", 9)]
    [InlineData(".a in [.b]", 7)]
    [InlineData(".a in [[1]]", 7)]
    [InlineData(".a in [null]", 7)]
    [InlineData("1e", 1)]
    [InlineData(".a .b", 3)]
    [InlineData("1 2", 2)]
    [InlineData(".a == 1 #", 8)]
    [InlineData("- .a", 0)]
    [InlineData("()", 1)]
    [InlineData("not", 3)]
    [InlineData(".a ==\u00e9", 5)]
    public void A_malformed_filter_names_the_position_of_its_problem(string text, int position)
    {
        var e = Assert.Throws<InvalidFilterException>(() => Filter.Parse(text));
        Assert.Equal(position, e.Position);
        Assert.Equal(text, e.Filter);
        Assert.False(string.IsNullOrWhiteSpace(e.Problem));
    }

    [Fact]
    public void The_message_shows_the_filter_with_a_caret_under_the_problem()
    {
        var e = Assert.Throws<InvalidFilterException>(() => Filter.Parse(".age >> 3"));
        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal("  .age >> 3", lines[1]);
        Assert.Equal("        ^", lines[2]);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_an_invalid_filter_not_a_stack_overflow()
    {
        Assert.Throws<InvalidFilterException>(() => Filter.Parse(new string('(', 100_000) + "1" + new string(')', 100_000)));
        Assert.Throws<InvalidFilterException>(() => Filter.Parse(new string('!', 100_000) + "1"));
        Assert.Throws<InvalidFilterException>(() => Filter.Parse(string.Join(" ** ", Enumerable.Repeat("1", 100_000))));
        Assert.Throws<InvalidFilterException>(() => Filter.Parse(string.Join(" + ", Enumerable.Repeat("1", 100_000))));
        Assert.True(Filter.Parse(new string('(', FilterParser.MaxNesting) + "1" + new string(')', FilterParser.MaxNesting)).Matches(null));
    }

    [Fact]
    public void Many_alternatives_in_a_row_still_parse()
    {
        var filter = Filter.Parse(string.Join(" or ", Enumerable.Range(0, 200).Select(i => $".n == {i}")));
        Assert.True(filter.Matches(VelesDb.Engine.Contract.RecordAttributes.FromJson("""{"n":199}""")));
    }
}
