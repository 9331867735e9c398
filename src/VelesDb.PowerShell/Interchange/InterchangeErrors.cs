using System.Management.Automation;
using VelesDb.Interchange;

namespace VelesDb.PowerShell.Interchange;

/// <summary>The error ids of Export-VelesVector and Import-VelesVector, stable as VelesErrors' are.</summary>
public static class InterchangeErrors
{
    /// <summary>A row of an imported file that cannot be read; the message names the file and the line or row.</summary>
    public const string MalformedRow = VelesErrors.MalformedRow;

    /// <summary>A file that is not of its format at all (a bad header, no vector column).</summary>
    public const string MalformedFile = VelesErrors.MalformedFile;

    /// <summary>A record an export's format cannot hold (a text key in .npy, a fraction in .bvecs).</summary>
    public const string NotRepresentable = VelesErrors.NotRepresentable;

    /// <summary>A file whose format neither -Format nor its extension names.</summary>
    public const string UnknownFormat = VelesErrors.UnknownFormat;

    /// <summary>The error for a row that failed; <paramref name="id"/> says why, the message where.</summary>
    internal static ErrorRecord Row(string id, ErrorCategory category, string file, string rowLabel, long row, string problem, Exception? inner = null) => new(
        new InvalidDataException($"'{file}', {rowLabel}: {problem}", inner),
        id, category, row);

    /// <summary>The error for a file that cannot be read as its format.</summary>
    internal static ErrorRecord File(InterchangeFormatException e, string file) => new(e, MalformedFile, ErrorCategory.InvalidData, file);

    /// <summary>The format of <paramref name="file"/>: the one given, or the one its extension names; null after an error.</summary>
    internal static InterchangeFormat? FormatOf(Cmdlet cmdlet, InterchangeFormat? given, string file, bool terminating)
    {
        if ((given ?? InterchangeFormats.FromExtension(file)) is { } format)
        {
            return format;
        }

        var error = new ErrorRecord(
            new ArgumentException($"The format of '{file}' is not known from its extension. Give -Format (JsonLines, Csv, Npy, Fvecs, Bvecs, Ivecs or Parquet), or use the extension .jsonl, .ndjson, .csv, .npy, .fvecs, .bvecs, .ivecs or .parquet."),
            UnknownFormat, ErrorCategory.InvalidArgument, file);
        if (terminating)
        {
            cmdlet.ThrowTerminatingError(error);
        }

        cmdlet.WriteError(error);
        return null;
    }
}
