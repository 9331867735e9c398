using System.Diagnostics;
using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Interchange;
using VelesDb.PowerShell.Interchange;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Writes a store's records (or those a filter matches), in key order, to a file of one of the
/// interchange formats, streamed in constant memory. The file is written under a temporary name and
/// renamed into place once complete and synced, so a stopped export leaves no half-written file at
/// the path. CSV and Parquet need their attribute columns before the first row: a first pass reads
/// the attributes alone to find them.
/// </summary>
[Cmdlet(VerbsData.Export, "VelesVector", DefaultParameterSetName = PathStoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Export-VelesVector.md")]
[OutputType(typeof(VelesExportResult))]
public sealed class ExportVelesVectorCommand : VelesInterchangeCmdlet
{
    private const int ProgressId = 0x7E1E8;

    /// <summary>The file to write (no wildcards). An existing file is replaced unless -NoClobber.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathStoreSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathStorePathSet)]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    /// <summary>The file to write, taken exactly as typed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralStoreSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralStorePathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string? LiteralPath { get; set; }

    /// <summary>Only the records whose attributes match this filter expression (the language of about_VelesDb).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Filter { get; set; }

    /// <summary>Refuses to replace an existing file.</summary>
    [Parameter]
    public SwitchParameter NoClobber { get; set; }

    /// <inheritdoc/>
    protected override void BeginProcessing()
    {
        if (FilterCheck.Problem(Filter) is { } problem)
        {
            ThrowTerminatingError(problem);
        }
    }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        var backing = RequireOpen(store);
        var file = ResolveNewFile(IsLiteral ? LiteralPath! : Path!);
        var format = InterchangeErrors.FormatOf(this, Format, file, terminating: true)!.Value;
        var withIds = InterchangeFormats.UsesCompanionIds(format);
        var idsFile = withIds ? CompanionIds.PathFor(file) : null;
        if (NoClobber && (File.Exists(file) || (idsFile is not null && File.Exists(idsFile))))
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"The file '{(File.Exists(file) ? file : idsFile)}' exists and -NoClobber is set. Remove it, or leave out -NoClobber to replace it."),
                VelesErrors.InvalidPath, ErrorCategory.ResourceExists, file));
        }

        var what = Filter is null ? $"{backing.Count:N0} records of {store.Path}" : $"the records of {store.Path} that match {Filter}";
        if (!ShouldProcess(file, $"Export {what} as {format}"))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var progress = new ProgressBar(this, ProgressId, $"Exporting {store.Path} to {file}", "the records written");
        try
        {
            var columns = InterchangeFormats.NeedsColumns(format) ? Survey(backing) : new ColumnSurvey();
            var total = InterchangeFormats.NeedsColumns(format) ? columns.Records : backing.Count;
            var attributes = InterchangeFormats.HoldsAttributes(format);
            long skipped = 0;
            long written;
            using (var target = new ExportTarget(file, withIds))
            {
                using (var writer = InterchangeFiles.CreateWriter(format, target, backing.Dimension, columns.Columns()))
                {
                    foreach (var record in backing.ReadAll(new ReadOptions { Attributes = attributes, Filter = Filter }))
                    {
                        var attributeBytes = attributes && record.Attributes is { } a ? a.Utf8.Span : [];
                        if (!writer.TryWrite(ToRowKey(record.Key), record.Vector, attributeBytes, out var problem))
                        {
                            skipped++;
                            WriteError(new ErrorRecord(
                                new InvalidDataException($"Record {VelesErrors.Named(record.Key)} of '{store.Path}' is left out of '{file}': {problem}"),
                                InterchangeErrors.NotRepresentable, ErrorCategory.InvalidData, record.Key.ToObject()));
                        }

                        if (total > 0 && ((writer.Written + skipped) & 1023) == 0)
                        {
                            progress.Report((double)(writer.Written + skipped) / total);
                        }
                    }

                    writer.Complete();
                    written = writer.Written;
                }

                target.Commit();
            }

            var bytes = new FileInfo(file).Length + (idsFile is null ? 0 : new FileInfo(idsFile).Length);
            WriteVerbose($"Exported {written:N0} records of '{store.Path}' to '{file}' ({bytes:N0} bytes).");
            WriteObject(new VelesExportResult(store.Path, file, idsFile, format, written, skipped, bytes, Stopwatch.GetElapsedTime(started)));
        }
        catch (InvalidFilterException e)
        {
            ThrowEngineError(e, Filter);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(e, e is IOException ? VelesErrors.IOError : VelesErrors.AccessDenied, ErrorCategory.WriteError, file));
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>The first pass of CSV and Parquet: the attribute columns of the records to export.</summary>
    private ColumnSurvey Survey(IVectorStore backing)
    {
        var survey = new ColumnSurvey();
        foreach (var record in backing.ReadAll(new ReadOptions { Vectors = false, Filter = Filter }))
        {
            survey.Add(record.Attributes is { } a ? a.Utf8.Span : []);
        }

        WriteVerbose($"The export has {survey.Columns().Count} attribute columns over {survey.Records:N0} records.");
        return survey;
    }
}
