using System.Globalization;
using System.Text;
using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Tests.Filters;

/// <summary>Seeded random attribute objects and filters over a small shared vocabulary, so they often meet.</summary>
internal sealed class RandomAttributes(int seed)
{
    // "q\"t" is stored escaped, which column building reads by another way than plain names.
    private static readonly string[] Names = ["a", "n", "s", "tags", "o", "flag", "z", "q\\\"t"];
    private static readonly string[] Texts = ["x", "y", "xy", "", "5", " 7", "0x10", "nan", "1e3", "Alice", "lic", "-0", "é", "a\\\"b", "1e400"];
    private static readonly string[] Selectors = [".a", ".n", ".s", ".tags", ".o", ".o.x", ".o.y", ".o.p.q", ".flag", ".z", ".missing"];

    private readonly Random _random = new(seed);

    public RecordAttributes? Attributes()
    {
        var roll = _random.Next(10);
        if (roll == 0)
        {
            return null;
        }

        return roll == 1 ? RecordAttributes.Empty : RecordAttributes.FromJson(Object(0));
    }

    public string Filter() => Expression(0);

    private string Object(int depth)
    {
        var json = new StringBuilder("{");
        var count = _random.Next(depth == 0 ? 1 : 0, 5);
        var used = new HashSet<string>();
        for (var i = 0; i < count; i++)
        {
            var name = depth == 0 ? Names[_random.Next(Names.Length)] : "xypq"[_random.Next(4)].ToString();
            if (!used.Add(name))
            {
                continue;
            }

            if (json.Length > 1)
            {
                json.Append(',');
            }

            json.Append('"').Append(name).Append("\":").Append(Value(depth));
        }

        return json.Append('}').ToString();
    }

    private string Value(int depth) => _random.Next(12) switch
    {
        0 or 1 => _random.Next(-3, 12).ToString(CultureInfo.InvariantCulture),
        2 => (_random.NextDouble() * 20 - 5).ToString("R", CultureInfo.InvariantCulture),
        3 or 4 => Quoted(Texts[_random.Next(Texts.Length)]),
        5 => _random.Next(2) == 0 ? "true" : "false",
        6 => "null",
        7 or 8 => List(depth),
        9 when depth < 2 => Object(depth + 1),
        10 => _random.Next(3) == 0 ? "-0" : "0",
        11 => _random.Next(2) == 0 ? "1e400" : "-123456789012345678901234567890",
        _ => "3",
    };

    private string List(int depth)
    {
        var items = new List<string>();
        var count = _random.Next(0, 5);
        for (var i = 0; i < count; i++)
        {
            items.Add(_random.Next(14) switch
            {
                0 when depth < 2 => List(depth + 1),
                1 => "{\"k\":1}",
                2 => "null",
                3 or 4 or 5 => _random.Next(-2, 8).ToString(CultureInfo.InvariantCulture),
                6 => "true",
                _ => Quoted(Texts[_random.Next(Texts.Length)]),
            });
        }

        return "[" + string.Join(',', items) + "]";
    }

    private static string Quoted(string text) => "\"" + text + "\"";

    private string Literal() => _random.Next(9) switch
    {
        0 or 1 or 2 => _random.Next(-2, 10).ToString(CultureInfo.InvariantCulture),
        3 => "2.5",
        4 or 5 => "'" + Texts[_random.Next(Texts.Length)] + "'",
        6 => _random.Next(2) == 0 ? "true" : "false",
        7 => "null",
        _ => "[" + string.Join(", ", Enumerable.Range(0, _random.Next(0, 4)).Select(_ => _random.Next(2) == 0
            ? _random.Next(-1, 8).ToString(CultureInfo.InvariantCulture)
            : "'" + Texts[_random.Next(Texts.Length)] + "'")) + "]",
    };

    private string Selector() => Selectors[_random.Next(Selectors.Length)];

    private string Expression(int depth)
    {
        var roll = depth > 3 ? _random.Next(6) : _random.Next(14);
        string[] comparisons = ["==", "!=", "<", "<=", ">", ">="];
        return roll switch
        {
            0 or 1 => $"{Selector()} {comparisons[_random.Next(comparisons.Length)]} {Literal()}",
            2 => $"{Literal()} {comparisons[_random.Next(comparisons.Length)]} {Selector()}",
            3 => $"{Selector()} in {Literal()}",
            4 => $"{Literal()} in {Selector()}",
            5 => _random.Next(3) == 0 ? Selector() : Literal(),
            6 or 7 => $"({Expression(depth + 1)}) and ({Expression(depth + 1)})",
            8 or 9 => $"({Expression(depth + 1)}) or ({Expression(depth + 1)})",
            10 => $"not ({Expression(depth + 1)})",
            11 => $"{Selector()} {"+-*/%"[_random.Next(5)]} {Literal()} > {Literal()}",
            12 => $"{Selector()} == {Selector()}",
            _ => $"!{Selector()}",
        };
    }
}
