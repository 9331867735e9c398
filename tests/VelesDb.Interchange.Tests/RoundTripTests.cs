namespace VelesDb.Interchange.Tests;

/// <summary>What a writer writes, its reader reads back bit for bit.</summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("veles-interchange-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<InterchangeFormat, string> Formats => new()
    {
        { InterchangeFormat.JsonLines, "r.jsonl" },
        { InterchangeFormat.Csv, "r.csv" },
        { InterchangeFormat.Parquet, "r.parquet" },
        { InterchangeFormat.Npy, "r.npy" },
        { InterchangeFormat.Fvecs, "r.fvecs" },
        { InterchangeFormat.Ivecs, "r.ivecs" },
        { InterchangeFormat.Bvecs, "r.bvecs" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_format_reads_back_the_keys_and_the_exact_float32_bits(InterchangeFormat format, string name)
    {
        var whole = format is InterchangeFormat.Ivecs or InterchangeFormat.Bvecs;
        var rich = InterchangeFormats.HoldsAttributes(format);
        var samples = Samples.Records(200, textKeys: rich, attributes: rich, whole ? Samples.Whole : null);
        var path = Path.Combine(_folder, name);
        Samples.Write(format, path, samples);

        var rows = Rows.ReadAll(format, path);
        Assert.Equal(samples.Count, rows.Count);
        for (var i = 0; i < samples.Count; i++)
        {
            Assert.Null(rows[i].Problem);
            Assert.Equal(samples[i].Key, Normalized(rows[i].Key));
            Assert.Equal(samples[i].Vector.Select(BitConverter.SingleToInt32Bits), rows[i].Vector.Select(BitConverter.SingleToInt32Bits));
            if (rich)
            {
                Assert.Equal(samples[i].Attributes, rows[i].Attributes);
            }
        }

        Assert.False(File.Exists(path + ".partial"));
    }

    /// <summary>CSV and Parquet spell every key as text; a canonical integer names the integer key.</summary>
    internal static RowKey Normalized(RowKey key) =>
        key.IsText && ulong.TryParse(key.Text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n.ToString(System.Globalization.CultureInfo.InvariantCulture) == key.Text
            ? RowKey.OfNumber(n)
            : key;

    [Fact]
    public void Array_formats_refuse_text_keys_and_byte_formats_refuse_fractions()
    {
        using var target = new ExportTarget(Path.Combine(_folder, "x.bvecs"), withIds: true);
        using var writer = InterchangeFiles.CreateWriter(InterchangeFormat.Bvecs, target, 2, []);
        Assert.False(writer.TryWrite(RowKey.OfText("a"), [1, 2], [], out var textProblem));
        Assert.Contains("text", textProblem, StringComparison.Ordinal);
        Assert.False(writer.TryWrite(RowKey.OfNumber(1), [1.5f, 2], [], out var fraction));
        Assert.Contains("0 to 255", fraction, StringComparison.Ordinal);
        Assert.True(writer.TryWrite(RowKey.OfNumber(1), [1, 2], [], out _));
    }

    [Fact]
    public void An_export_disposed_without_commit_leaves_no_file_behind()
    {
        var path = Path.Combine(_folder, "gone.npy");
        using (var target = new ExportTarget(path, withIds: true))
        using (var writer = InterchangeFiles.CreateWriter(InterchangeFormat.Npy, target, 2, []))
        {
            writer.TryWrite(RowKey.OfNumber(1), [1, 2], [], out _);
        }

        Assert.Empty(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Csv_strings_that_look_like_other_values_come_back_as_strings()
    {
        var path = Path.Combine(_folder, "s.csv");
        Samples.Write(InterchangeFormat.Csv, path, [new(RowKey.OfNumber(1), [1, 2, 3, 4, 5], """{"a":"true","b":" 42","c":"","d":"null","e":"plain text"}""")]);
        Assert.Equal("""{"a":"true","b":" 42","c":"","d":"null","e":"plain text"}""", Rows.ReadAll(InterchangeFormat.Csv, path)[0].Attributes);
    }

    [Fact]
    public void Foreign_json_lines_take_other_properties_as_attributes()
    {
        var path = Path.Combine(_folder, "f.jsonl");
        File.WriteAllText(path, "{\"id\":\"a\",\"text\":\"hello\",\"embedding\":[1,2.5],\"n\":3}\n\n{\"id\":7,\"embedding\":[0,1]}\r\n");
        var rows = Rows.ReadAll(InterchangeFormat.JsonLines, path);
        Assert.Equal(2, rows.Count);
        Assert.Equal("""{"text":"hello","n":3}""", rows[0].Attributes);
        Assert.Equal(3, rows[1].Number);
        Assert.Equal(RowKey.OfNumber(7), rows[1].Key);
    }
}
