namespace VelesDb.Interchange;

/// <summary>Opens the reader and creates the writer of a format for a file (and its companion key file).</summary>
public static class InterchangeFiles
{
    private const int BufferSize = 1024 * 1024;

    /// <summary>
    /// Opens <paramref name="path"/> for reading as <paramref name="format"/>; for the array formats
    /// with the companion key file when it exists (<see cref="CompanionIds"/>).
    /// </summary>
    /// <exception cref="InterchangeFormatException">The file is not of the format.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RecordReader OpenReader(InterchangeFormat format, string path)
    {
        var stream = OpenRead(path);
        try
        {
            switch (format)
            {
                case InterchangeFormat.JsonLines:
                    return new JsonLinesReader(stream);
                case InterchangeFormat.Csv:
                    return new CsvRecordReader(stream, path);
                case InterchangeFormat.Parquet:
                    return new ParquetRecordReader(stream, path);
            }

            var ids = OpenIds(path);
            try
            {
                return format == InterchangeFormat.Npy
                    ? new NpyRecordReader(stream, path, ids)
                    : new TexmexRecordReader(stream, path, format, ids);
            }
            catch
            {
                ids?.Dispose();
                throw;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static CompanionIds.Reader? OpenIds(string path)
    {
        var idsPath = CompanionIds.PathFor(path);
        if (!File.Exists(idsPath))
        {
            return null;
        }

        var stream = OpenRead(idsPath);
        try
        {
            return new CompanionIds.Reader(stream, idsPath);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);

    /// <summary>
    /// A writer of <paramref name="format"/> into the temporary files of <paramref name="target"/>.
    /// <paramref name="columns"/> are the attribute columns of CSV and Parquet (ignored by the others).
    /// </summary>
    public static RecordWriter CreateWriter(InterchangeFormat format, ExportTarget target, int dimension, IReadOnlyList<AttributeColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(target);
        var data = target.CreateData();
        switch (format)
        {
            case InterchangeFormat.JsonLines:
                return new JsonLinesWriter(data);
            case InterchangeFormat.Csv:
                return new CsvRecordWriter(data, columns);
            case InterchangeFormat.Parquet:
                return new ParquetRecordWriter(data, columns);
            case InterchangeFormat.Npy:
                return new NpyRecordWriter(data, target.CreateIds(), dimension);
            default:
                return new TexmexRecordWriter(data, target.CreateIds(), format, dimension);
        }
    }
}
