using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Engine.Tests.Filters;

/// <summary>Any text at all either parses or throws <see cref="InvalidFilterException"/>; nothing else escapes.</summary>
public sealed class FilterFuzzTests
{
    private static readonly string[] Valid =
    [
        ".age > 25 and .name == \"Alice\"",
        "(.year - 2000) ** 2 < 100 and .rating / 2 > 4",
        ".director in [\"Spielberg\", 'Nolan'] or not .old",
        "\"x\" in .tags && !(.n % 3 == 0) || .a.b.c >= -1.5e3",
        ".n in [1, 2, 3] and .flag == true and .z != null",
    ];

    private static readonly string Alphabet = ".()[],'\"\\!=<>&|*/%+-_ aenotrulifsdxyz0123456789\t\u00e9";

    private static readonly RecordAttributes Sample = RecordAttributes.FromJson(
        """{"age":30,"name":"Alice","tags":["x","y"],"n":3,"a":{"b":{"c":1}},"flag":true,"z":null,"year":2005,"rating":9}""");

    [Fact]
    public void Random_text_parses_or_is_an_invalid_filter()
    {
        var random = new Random(14);
        for (var round = 0; round < 20_000; round++)
        {
            var chars = new char[random.Next(0, 40)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = random.Next(8) == 0 ? (char)random.Next(0, 0x3000) : Alphabet[random.Next(Alphabet.Length)];
            }

            ParseOrReject(new string(chars));
        }
    }

    [Fact]
    public void Mutated_valid_filters_parse_or_are_invalid_filters()
    {
        var random = new Random(41);
        for (var round = 0; round < 20_000; round++)
        {
            var text = Valid[random.Next(Valid.Length)].ToCharArray().ToList();
            var edits = random.Next(1, 4);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(text.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when at < text.Count:
                        text.RemoveAt(at);
                        break;
                    case 1:
                        text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    default:
                        if (at < text.Count)
                        {
                            text[at] = Alphabet[random.Next(Alphabet.Length)];
                        }

                        break;
                }
            }

            ParseOrReject(new string([.. text]));
        }
    }

    private static void ParseOrReject(string text)
    {
        try
        {
            var filter = Filter.Parse(text);
            // A filter that parses also evaluates without throwing.
            _ = filter.Matches(Sample);
            _ = filter.Matches(null);
        }
        catch (InvalidFilterException e)
        {
            Assert.InRange(e.Position, 0, text.Length);
        }
    }
}
