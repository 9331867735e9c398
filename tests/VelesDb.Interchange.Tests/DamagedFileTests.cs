namespace VelesDb.Interchange.Tests;

/// <summary>
/// Files cut short at every byte, and random bytes: a reader throws only
/// <see cref="InterchangeFormatException"/> (when it is opened on something that is not its format),
/// and otherwise hands out whole records and bad rows, never a record cut in two.
/// </summary>
public sealed class DamagedFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("veles-damaged-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<InterchangeFormat, string> Formats => RoundTripTests.Formats;

    [Theory]
    [MemberData(nameof(Formats))]
    public void A_file_cut_at_any_byte_gives_whole_records_and_bad_rows_only(InterchangeFormat format, string name)
    {
        var whole = format is InterchangeFormat.Ivecs or InterchangeFormat.Bvecs;
        var rich = InterchangeFormats.HoldsAttributes(format);
        var samples = Samples.Records(6, textKeys: rich, attributes: rich, whole ? Samples.Whole : null);
        var path = Path.Combine(_folder, name);
        Samples.Write(format, path, samples);
        var bytes = File.ReadAllBytes(path);
        var cutPath = Path.Combine(_folder, "cut-" + name);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            File.WriteAllBytes(cutPath, bytes[..cut]);
            List<Rows.Row> rows;
            try
            {
                rows = Rows.ReadAll(format, cutPath);
            }
            catch (InterchangeFormatException)
            {
                continue;
            }

            var good = rows.Where(r => r.Problem is null).ToList();
            for (var i = 0; i < good.Count; i++)
            {
                // CSV may end without a line break, so the last row of a cut CSV file can be a shorter,
                // valid row; every other record read from a cut file is one of the records written, whole.
                if (format == InterchangeFormat.Csv && i == good.Count - 1 && cut > 0 && bytes[cut - 1] != (byte)'\n')
                {
                    continue;
                }

                // The cut copy has no companion key file, so an array file's row n has the key n - 1.
                var key = RoundTripTests.Normalized(good[i].Key);
                var sample = InterchangeFormats.UsesCompanionIds(format) ? samples[(int)good[i].Number - 1] : samples.Single(s => s.Key == key);
                Assert.Equal(sample.Vector.Select(BitConverter.SingleToInt32Bits), good[i].Vector.Select(BitConverter.SingleToInt32Bits));
                if (rich)
                {
                    Assert.Equal(sample.Attributes, good[i].Attributes);
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Random_bytes_give_a_format_error_or_rows_never_another_exception(InterchangeFormat format, string name)
    {
        var random = new Random(20261204 + (int)format);
        var path = Path.Combine(_folder, name);
        for (var round = 0; round < 300; round++)
        {
            var bytes = new byte[random.Next(0, 2048)];
            random.NextBytes(bytes);
            if (round % 3 == 0 && bytes.Length > 16)
            {
                // Now and then a plausible start, so the readers get past their headers.
                var start = format switch
                {
                    InterchangeFormat.Npy => "\x93NUMPY\x01\x00v\x00{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }"u8.ToArray(),
                    InterchangeFormat.Parquet => "PAR1"u8.ToArray(),
                    InterchangeFormat.Csv => "key,vector,a\n"u8.ToArray(),
                    InterchangeFormat.JsonLines => "{\"key\":1,\"vector\":["u8.ToArray(),
                    _ => [4, 0, 0, 0],
                };
                start.AsSpan(0, Math.Min(start.Length, bytes.Length)).CopyTo(bytes);
                if (format == InterchangeFormat.Parquet)
                {
                    "PAR1"u8.CopyTo(bytes.AsSpan(bytes.Length - 4));
                }
            }

            File.WriteAllBytes(path, bytes);
            try
            {
                var rows = Rows.ReadAll(format, path);
                Assert.All(rows, r => Assert.True(r.Problem is not null || r.Vector.Length > 0));
            }
            catch (InterchangeFormatException)
            {
                // The documented refusal of a file that is not of its format.
            }
        }
    }

    [Fact]
    public void A_texmex_row_with_a_damaged_dimension_ends_the_file_with_one_bad_row()
    {
        var path = Path.Combine(_folder, "d.fvecs");
        Samples.Write(InterchangeFormat.Fvecs, path, Samples.Records(3, false, false));
        var bytes = File.ReadAllBytes(path);
        bytes[24] = 0xFF;
        bytes[25] = 0xFF;
        bytes[26] = 0xFF;
        bytes[27] = 0x7F;
        File.WriteAllBytes(path, bytes);
        var rows = Rows.ReadAll(InterchangeFormat.Fvecs, path);
        Assert.Equal(2, rows.Count);
        Assert.Null(rows[0].Problem);
        Assert.Contains("dimension field", rows[1].Problem, StringComparison.Ordinal);
        Assert.Equal("row 2", rows[1].Label);
    }
}
