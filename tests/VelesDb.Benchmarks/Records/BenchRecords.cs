using System.Globalization;
using VelesDb.Engine.Contract;

namespace VelesDb.Benchmarks.Records;

/// <summary>
/// The attributes every record of the records workloads carries, made from its number i:
/// <c>{"name":"record i","n":i mod 1000,"tags":["a","b"],"pad":"xx…"}</c>, padded to exactly
/// <see cref="AttributeBytes"/> bytes of compact JSON. <c>n</c> is the one numeric attribute the
/// filtered search selects on: <c>.n &lt; T</c> matches T in 1,000 records.
/// </summary>
internal static class BenchRecords
{
    /// <summary>Bytes of each record's attributes as compact UTF-8 JSON.</summary>
    public const int AttributeBytes = 100;

    /// <summary><c>n</c> runs through 0..Modulus-1.</summary>
    public const int Modulus = 1000;

    /// <summary>The filters of the selectivity curve, and the share of the records each matches.</summary>
    public static IReadOnlyList<(string Filter, double Selectivity)> Curve { get; } =
    [
        (".n < 1", 0.001),
        (".n < 10", 0.01),
        (".n < 100", 0.1),
        (".n < 500", 0.5),
        (".n < 1000", 1.0),
    ];

    /// <summary>The value of <c>n</c> for record <paramref name="i"/>.</summary>
    public static int N(long i) => (int)(i % Modulus);

    /// <summary>The JSON text of record <paramref name="i"/>'s attributes.</summary>
    public static string Json(long i)
    {
        var head = string.Create(CultureInfo.InvariantCulture, $"{{\"name\":\"record {i}\",\"n\":{N(i)},\"tags\":[\"a\",\"b\"],\"pad\":\"");
        const string tail = "\"}";
        var pad = AttributeBytes - head.Length - tail.Length;
        if (pad < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"Record {i}'s attributes do not fit in {AttributeBytes} bytes.");
        }

        return head + new string('x', pad) + tail;
    }

    /// <summary>The attributes of records 0..count-1, parsed once, before anything is timed (as the vectors are made before).</summary>
    public static RecordAttributes[] Attributes(int count)
    {
        var attributes = new RecordAttributes[count];
        for (var i = 0; i < count; i++)
        {
            attributes[i] = RecordAttributes.FromJson(Json(i));
            if (attributes[i].Utf8.Length != AttributeBytes)
            {
                throw new BenchmarkFailedException($"Record {i}'s attributes take {attributes[i].Utf8.Length} bytes, not {AttributeBytes}.");
            }
        }

        return attributes;
    }
}
