using System.Diagnostics;
using System.Management.Automation;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Interchange;
using VelesDb.PowerShell.Interchange;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// Reads records from files of the interchange formats into a store, streamed in constant memory,
/// through the store's write scope: each batch is durable before the next is written (a stopped or
/// killed import keeps every batch it reported), and everything accepted is durable when the cmdlet
/// returns. A bad row is a non-terminating error naming the file and its line or row; the rest go on.
/// </summary>
[Cmdlet(VerbsData.Import, "VelesVector", DefaultParameterSetName = PathStoreSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, HelpUri = HelpLinks.Docs + "Import-VelesVector.md")]
[OutputType(typeof(VelesImportResult))]
public sealed class ImportVelesVectorCommand : VelesInterchangeCmdlet, IDisposable
{
    private const int ProgressId = 0x7E1E9;

    private IStoreWriter? _writer;

    /// <summary>The files to read; wildcards allowed.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathStoreSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathStorePathSet)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    public string[]? Path { get; set; }

    /// <summary>The files to read, taken exactly as typed.</summary>
    [Parameter(Mandatory = true, ParameterSetName = LiteralStoreSet)]
    [Parameter(Mandatory = true, ParameterSetName = LiteralStorePathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[]? LiteralPath { get; set; }

    /// <summary>
    /// Records per batch (one durable step each). Unset: the store chooses (about 4 MiB of
    /// components, at least 1,000 records).
    /// </summary>
    [Parameter]
    [ValidateRange(1, 1_000_000)]
    public int BatchSize { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var store = ResolveStore();
        foreach (var given in (IsLiteral ? LiteralPath : Path)!)
        {
            foreach (var file in ResolveExistingFiles(given))
            {
                if (InterchangeErrors.FormatOf(this, Format, file, terminating: false) is { } format
                    && ShouldProcess(store.Path, $"Import the records of {file} ({format})"))
                {
                    ImportFile(store, file, format);
                }
            }
        }
    }

    private void ImportFile(VelesStore store, string file, InterchangeFormat format)
    {
        var backing = RequireOpen(store);
        var started = Stopwatch.GetTimestamp();
        RecordReader reader;
        try
        {
            reader = InterchangeFiles.OpenReader(format, file);
        }
        catch (InterchangeFormatException e)
        {
            WriteError(InterchangeErrors.File(e, file));
            return;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(e, e is IOException ? VelesErrors.IOError : VelesErrors.AccessDenied, ErrorCategory.ReadError, file));
            return;
        }

        var progress = new ProgressBar(this, ProgressId, $"Importing {file} into {store.Path}", "the file read");
        long rows = 0;
        long failed = 0;
        long reported = 0;
        try
        {
            using (reader)
            {
                foreach (var note in reader.Notes)
                {
                    WriteWarning($"'{file}': {note}");
                }

                _writer = backing.BeginWrite(new WriteScopeOptions { BatchSize = BatchSize, SyncEachBatch = true });
                while (reader.Read())
                {
                    rows++;
                    if (!TryAdd(reader, file, rows - 1))
                    {
                        failed++;
                    }

                    if (_writer.StoredCount != reported)
                    {
                        reported = _writer.StoredCount;
                        WriteVerbose($"{reported:N0} records of '{file}' are stored durably.");
                    }

                    if ((rows & 1023) == 0)
                    {
                        progress.Report(reader.Progress);
                    }
                }

                _writer.Commit();
                var imported = _writer.StoredCount;
                _writer.Dispose();
                _writer = null;
                WriteVerbose($"{imported:N0} records of '{file}' are stored durably; {failed:N0} rows failed.");
                WriteObject(new VelesImportResult(file, format, store.Path, rows, imported, failed, Stopwatch.GetElapsedTime(started)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not StoreFailedException)
        {
            ThrowTerminatingError(new ErrorRecord(e, e is IOException ? VelesErrors.IOError : VelesErrors.AccessDenied, ErrorCategory.ReadError, file));
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

    /// <summary>Queues the current row, or reports why it cannot be stored; <paramref name="ordinal"/> is its key when the file gives none.</summary>
    private bool TryAdd(RecordReader reader, string file, long ordinal)
    {
        if (reader.Problem is { } problem)
        {
            WriteError(InterchangeErrors.Row(InterchangeErrors.MalformedRow, ErrorCategory.InvalidData, file, reader.RowLabel, reader.Row, problem));
            return false;
        }

        RecordKey key;
        var given = reader.Key;
        if (!given.IsPresent)
        {
            key = RecordKey.FromNumber((ulong)ordinal);
        }
        else if (!given.IsText)
        {
            key = RecordKey.FromNumber(given.Number);
        }
        else if (!RecordKey.TryFromText(given.Text!, out key, out var keyProblem))
        {
            WriteError(InterchangeErrors.Row(VelesErrors.InvalidId, ErrorCategory.InvalidData, file, reader.RowLabel, reader.Row, keyProblem!));
            return false;
        }

        RecordAttributes attributes;
        try
        {
            attributes = reader.Attributes.IsEmpty ? RecordAttributes.Empty : RecordAttributes.FromUtf8(reader.Attributes.Span);
        }
        catch (InvalidAttributesException e)
        {
            WriteError(InterchangeErrors.Row(VelesErrors.InvalidAttributes, ErrorCategory.InvalidData, file, reader.RowLabel, reader.Row, e.Message, e));
            return false;
        }

        try
        {
            _writer!.Add(key, reader.Vector, attributes);
            return true;
        }
        catch (DimensionMismatchException e)
        {
            WriteError(InterchangeErrors.Row(VelesErrors.DimensionMismatch, ErrorCategory.InvalidData, file, reader.RowLabel, reader.Row, e.Message, e));
        }
        catch (InvalidVectorException e)
        {
            WriteError(InterchangeErrors.Row(VelesErrors.InvalidVector, ErrorCategory.InvalidData, file, reader.RowLabel, reader.Row, e.Message, e));
        }
        catch (InvalidAttributesException e)
        {
            WriteError(InterchangeErrors.Row(VelesErrors.InvalidAttributes, ErrorCategory.InvalidData, file, reader.RowLabel, reader.Row, e.Message, e));
        }

        return false;
    }

    /// <summary>Nothing to interrupt: a batch is short and atomic. What was accepted is written in <see cref="Dispose"/>.</summary>
    protected override void StopProcessing()
    {
    }

    /// <summary>Writes what was accepted when the pipeline stopped early, durably.</summary>
    public void Dispose()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception e) when (e is AggregateException || VelesErrors.IsMapped(e))
        {
            // The pipeline is gone: these rows were never reported as stored, and a failed store
            // reports its failure on the next command.
        }
        finally
        {
            _writer = null;
        }

        GC.SuppressFinalize(this);
    }
}
