using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Engine.Tests.Filters;

/// <summary>What filters mean, case by case, as Redis vector sets' FILTER evaluates them.</summary>
public sealed class FilterSemanticsTests
{
    private const string Alice = """{"age":25,"name":"Alice","active":true,"scores":[85,90,95],"city":"New York","nothing":null,"empty":"","address":{"zip":"75001","floor":3,"geo":{"lat":48.8}}}""";

    private static bool Matches(string filter, string json = Alice) =>
        Filter.Parse(filter).Matches(RecordAttributes.FromJson(json));

    [Theory]
    [InlineData(".age == 25", true)]
    [InlineData(".age > 25", false)]
    [InlineData(".age >= 25", true)]
    [InlineData(".age < 26 and .age <= 25", true)]
    [InlineData(".age != 25", false)]
    [InlineData(".name == \"Alice\"", true)]
    [InlineData(".name == 'Alice'", true)]
    [InlineData(".name == \"alice\"", false)]
    [InlineData(".name != 'Bob'", true)]
    [InlineData(".age + 10 > 30", true)]
    [InlineData(".age * 2 == 50", true)]
    [InlineData(".age / 5 == 5", true)]
    [InlineData(".age % 2 == 1", true)]
    [InlineData(".age - 5 == 20", true)]
    [InlineData(".age ** 2 == 625", true)]
    [InlineData("(.age > 20 and .age < 40) and (.city == \"Boston\" or .city == \"New York\")", true)]
    [InlineData(".age > (20 + 10)", false)]
    public void Comparisons_and_arithmetic_work_on_the_selected_fields(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("2 ** 3 ** 2 == 512", true)]
    [InlineData("(2 ** 3) ** 2 == 64", true)]
    [InlineData("1 + 2 * 3 == 7", true)]
    [InlineData("10 - 4 - 3 == 3", true)]
    [InlineData("2 * 3 ** 2 == 18", true)]
    [InlineData("1 or 0 and 0", true)]
    [InlineData("(1 or 0) and 0", false)]
    [InlineData("1 < 2 == 1", true)]
    public void Operators_bind_by_the_precedence_of_Redis_and_power_is_right_associative(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("not .age == 25", false)]
    [InlineData("not .age == 0", true)]
    [InlineData("!(.age == 25)", false)]
    [InlineData("!!.active", true)]
    [InlineData("not not .active", true)]
    [InlineData("!!!.active", false)]
    [InlineData("!!.age == 1", true)]
    [InlineData("not 2 ** 3 == 0", true)]
    public void Not_binds_tighter_than_every_binary_operator(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("\"5\" == 5", true)]
    [InlineData("\"5.0\" == 5", true)]
    [InlineData("\"abc\" == 0", true)]
    [InlineData("\" 7\" == 7", true)]
    [InlineData("\"7 \" == 7", false)]
    [InlineData("\"0x10\" == 16", true)]
    [InlineData("\"1e3\" > 999", true)]
    [InlineData("\"b\" > \"a\"", false)]
    [InlineData("\"abc\" == \"abc\"", true)]
    [InlineData("\"abc\" == \"ABC\"", false)]
    [InlineData(".address.zip == 75001", true)]
    [InlineData(".address.zip == \"75001\"", true)]
    [InlineData(".address.zip == \"075001\"", false)]
    public void Strings_equal_strings_by_their_bytes_and_numbers_by_their_value(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData(".nothing == null", true)]
    [InlineData(".age == null", false)]
    [InlineData(".nothing != null", false)]
    [InlineData(".nothing == 0", false)]
    [InlineData(".nothing < 1", true)]
    [InlineData(".nothing", false)]
    [InlineData("not .nothing", true)]
    [InlineData("null == null", true)]
    public void Null_equals_only_null_and_counts_as_zero_in_arithmetic(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData(".active", true)]
    [InlineData(".active == true", true)]
    [InlineData(".active == 1", true)]
    [InlineData("true == 1 and false == 0", true)]
    [InlineData(".empty", false)]
    [InlineData(".name", true)]
    [InlineData(".scores", true)]
    [InlineData("0", false)]
    [InlineData("0.5", true)]
    [InlineData("0 / 0", true)]
    [InlineData("'0'", true)]
    [InlineData("''", false)]
    [InlineData("[]", true)]
    public void Truth_is_anything_but_zero_the_empty_string_and_null(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData(".age in [25, 35]", true)]
    [InlineData(".age in [1, 2]", false)]
    [InlineData(".name in [\"Alice\", \"David\"]", true)]
    [InlineData(".name in []", false)]
    [InlineData("90 in .scores", true)]
    [InlineData("91 in .scores", false)]
    [InlineData("\"90\" in .scores", true)]
    [InlineData("\"lic\" in .name", true)]
    [InlineData("\"Alice\" in .name", true)]
    [InlineData("\"\" in .name", true)]
    [InlineData(".name in \"\"", false)]
    [InlineData("\"xyz\" in .name", false)]
    [InlineData("\"ork\" in .city", true)]
    [InlineData("5 in \"12345\"", false)]
    [InlineData(".age in .scores", false)]
    [InlineData("true in [1]", true)]
    public void In_tests_membership_in_a_list_and_substrings_of_a_string(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData(".missing == 1")]
    [InlineData(".missing == 1 or .age == 25")]
    [InlineData(".age == 25 or .missing")]
    [InlineData("not .missing")]
    [InlineData(".address == 1")]
    [InlineData(".address")]
    [InlineData(".address.missing == null or 1")]
    [InlineData(".age.zip == 1 or 1")]
    [InlineData(".address.geo.lon or 1")]
    public void A_missing_field_or_an_object_makes_the_whole_filter_false(string filter) =>
        Assert.False(Matches(filter));

    [Theory]
    [InlineData(".address.floor == 3", true)]
    [InlineData(".address.geo.lat > 48", true)]
    [InlineData(".address.geo.lat > 49", false)]
    public void Nested_selectors_reach_into_objects(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Fact]
    public void A_list_that_holds_an_object_is_no_value()
    {
        Assert.False(Matches("1 in .items", """{"items":[1,{"a":2}]}"""));
        Assert.True(Matches("1 in .items", """{"items":[1,[2,3]]}"""));
    }

    [Fact]
    public void A_record_without_attributes_matches_only_filters_that_select_nothing()
    {
        var selecting = Filter.Parse(".a == 1 or 1");
        Assert.False(selecting.Matches(null));
        Assert.False(selecting.Matches(RecordAttributes.Empty));
        Assert.True(Filter.Parse("1 == 1").Matches(null));
        Assert.False(Filter.Parse("1 == 2").Matches(RecordAttributes.Empty));
    }

    [Theory]
    [InlineData(".dq == \"a\\\"b\"", true)]
    [InlineData(".sq == 'O\\'Brien'", true)]
    [InlineData(".bs == \"x\\\\y\"", true)]
    [InlineData(".nl == \"l1\\nl2\"", true)]
    [InlineData("'a\"b' == .dq", true)]
    [InlineData(".sq == \"O'Brien\"", true)]
    [InlineData("\"\\\"b\" in .dq", true)]
    public void String_literals_take_backslash_escapes(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter, """{"dq":"a\"b","sq":"O'Brien","bs":"x\\y","nl":"l1\nl2"}"""));

    [Theory]
    [InlineData("3 -1 == 2", true)]
    [InlineData("3 - -1 == 4", true)]
    [InlineData("-2 ** 2 == 4", true)]
    [InlineData(".age -5 == 20", true)]
    [InlineData("(-5) < 0", true)]
    [InlineData("1e3 == 1000 and 1.5e-1 == 0.15 and 2E+2 == 200", true)]
    [InlineData("1 / 0 > 1e308", true)]
    [InlineData("-7 % 3 == -1", true)]
    public void Numbers_take_a_sign_after_an_operator_and_exponents(string filter, bool expected) =>
        Assert.Equal(expected, Matches(filter));

    [Fact]
    public void Paths_lists_each_selected_field_once_in_order_of_use()
    {
        var filter = Filter.Parse(".b > 1 and .a.x == .b or \"q\" in .tags-1");
        Assert.Equal(["b", "a.x", "tags-1"], filter.Paths);
        Assert.Equal(".b > 1 and .a.x == .b or \"q\" in .tags-1", filter.Text);
        Assert.Empty(Filter.Parse("1").Paths);
    }

    [Fact]
    public void Keywords_are_case_sensitive_as_in_Redis()
    {
        Assert.Throws<InvalidFilterException>(() => Filter.Parse(".a == 1 AND .b == 2"));
        Assert.Throws<InvalidFilterException>(() => Filter.Parse("True"));
    }
}
