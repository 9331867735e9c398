namespace VelesDb.Interchange;

/// <summary>What each format can hold, and the format a file's extension names.</summary>
public static class InterchangeFormats
{
    /// <summary>The format of <paramref name="path"/> by its extension, or null when the extension names none.</summary>
    public static InterchangeFormat? FromExtension(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".JSONL" or ".NDJSON" => InterchangeFormat.JsonLines,
            ".CSV" => InterchangeFormat.Csv,
            ".NPY" => InterchangeFormat.Npy,
            ".FVECS" => InterchangeFormat.Fvecs,
            ".BVECS" => InterchangeFormat.Bvecs,
            ".IVECS" => InterchangeFormat.Ivecs,
            ".PARQUET" => InterchangeFormat.Parquet,
            _ => null,
        };
    }

    /// <summary>True when the file itself holds text keys (the array formats hold integer keys only, in a companion file).</summary>
    public static bool HoldsTextKeys(InterchangeFormat format) =>
        format is InterchangeFormat.JsonLines or InterchangeFormat.Csv or InterchangeFormat.Parquet;

    /// <summary>True when the format holds attributes.</summary>
    public static bool HoldsAttributes(InterchangeFormat format) =>
        format is InterchangeFormat.JsonLines or InterchangeFormat.Csv or InterchangeFormat.Parquet;

    /// <summary>True for the formats whose keys live in a companion file (<see cref="CompanionIds"/>).</summary>
    public static bool UsesCompanionIds(InterchangeFormat format) =>
        format is InterchangeFormat.Npy or InterchangeFormat.Fvecs or InterchangeFormat.Bvecs or InterchangeFormat.Ivecs;

    /// <summary>True when a writer needs the attribute columns before the first record (<see cref="ColumnSurvey"/>).</summary>
    public static bool NeedsColumns(InterchangeFormat format) =>
        format is InterchangeFormat.Csv or InterchangeFormat.Parquet;
}
