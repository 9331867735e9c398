namespace VelesDb.Interchange.Tests;

/// <summary>Records to write: awkward floats, both kinds of keys, attributes of every JSON kind.</summary>
internal static class Samples
{
    public const int Dimension = 5;

    public sealed record Sample(RowKey Key, float[] Vector, string Attributes);

    /// <summary>Floats whose shortest decimals are long, subnormal, extreme, negative zero.</summary>
    public static float[] Awkward(int i)
    {
        var random = new Random(i);
        return
        [
            BitConverter.Int32BitsToSingle(random.Next(1, 0x7F7FFFFF)) * (random.Next(2) == 0 ? -1 : 1),
            float.Epsilon * (i + 1),
            float.MaxValue / (i + 1),
            i == 0 ? -0f : 1f / (i + 3),
            (float)random.NextDouble(),
        ];
    }

    /// <summary>Whole-number vectors (what .bvecs and .ivecs hold).</summary>
    public static float[] Whole(int i) => [i % 256, (i * 7) % 256, 255, 0, 1];

    public static List<Sample> Records(int count, bool textKeys, bool attributes, Func<int, float[]>? vector = null)
    {
        vector ??= Awkward;
        var list = new List<Sample>();
        for (var i = 0; i < count; i++)
        {
            var key = textKeys && i % 2 == 1
                ? RowKey.OfText(i % 4 == 1 ? $"doc, \"{i}\"\nline" : $"0{i}")
                : RowKey.OfNumber(i == 2 ? ulong.MaxValue : (ulong)i * 3);
            var attrs = !attributes ? "" : (i % 3) switch
            {
                0 => $$$"""{"title":"t{{{i}}}","n":{{{i}}},"x":1.5,"ok":true,"tags":["a","b"],"nested":{"k":null}}""",
                1 => """{"title":"42","n":-7,"x":2.25,"ok":false,"tags":[],"empty":""}""",
                _ => "",
            };
            list.Add(new Sample(key, vector(i), attrs));
        }

        return list;
    }

    public static void Write(InterchangeFormat format, string path, IReadOnlyList<Sample> samples)
    {
        var survey = new ColumnSurvey();
        foreach (var sample in samples)
        {
            survey.Add(System.Text.Encoding.UTF8.GetBytes(sample.Attributes));
        }

        using var target = new ExportTarget(path, InterchangeFormats.UsesCompanionIds(format));
        using (var writer = InterchangeFiles.CreateWriter(format, target, Dimension, survey.Columns()))
        {
            foreach (var sample in samples)
            {
                Assert.True(writer.TryWrite(sample.Key, sample.Vector, System.Text.Encoding.UTF8.GetBytes(sample.Attributes), out var problem), problem);
            }

            writer.Complete();
        }

        target.Commit();
    }
}
