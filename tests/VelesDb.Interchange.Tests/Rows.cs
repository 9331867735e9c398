namespace VelesDb.Interchange.Tests;

/// <summary>Reads a whole file into rows, for assertions.</summary>
internal static class Rows
{
    public sealed record Row(long Number, string Label, RowKey Key, float[] Vector, string Attributes, string? Problem);

    public static List<Row> ReadAll(InterchangeFormat format, string path)
    {
        using var reader = InterchangeFiles.OpenReader(format, path);
        return ReadAll(reader);
    }

    public static List<Row> ReadAll(RecordReader reader)
    {
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(new Row(reader.Row, reader.RowLabel, reader.Key, reader.Vector.ToArray(), System.Text.Encoding.UTF8.GetString(reader.Attributes.Span), reader.Problem));
        }

        return rows;
    }

    /// <summary>Component j of fixture row i: float32((i + 1) * 0.5 - j / 3.0), as the fixture scripts compute it.</summary>
    public static float[] Fixture(int i, int dimension = 4) => [.. Enumerable.Range(0, dimension).Select(j => (float)(((i + 1) * 0.5) - (j / 3.0)))];

    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
