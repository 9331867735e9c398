namespace VelesDb.Interchange;

/// <summary>
/// The shared part of the readers of vector-only files (.npy and the TEXMEX formats): keys from the
/// companion file, or the row's position, and the end of reading at a cut-short row.
/// </summary>
public abstract class ArrayRecordReader : RecordReader
{
    private readonly CompanionIds.Reader? _ids;
    private bool _ended;

    /// <summary>Starts reading <paramref name="data"/>; <paramref name="ids"/> is the open companion file, if there is one.</summary>
    protected ArrayRecordReader(Stream data, CompanionIds.Reader? ids)
    {
        Data = data;
        _ids = ids;
    }

    /// <summary>The data file.</summary>
    protected Stream Data { get; }

    /// <inheritdoc/>
    public override double Progress => ShareRead(Data, Data.Position);

    /// <inheritdoc/>
    public override bool Read()
    {
        if (_ended)
        {
            return false;
        }

        BeginRow(Row + 1);
        var key = RowKey.OfNumber((ulong)(Row - 1));
        string? keyProblem = null;
        if (_ids is not null)
        {
            var id = _ids.Next(out keyProblem);
            key = id is { } value ? RowKey.OfNumber(value) : RowKey.None;
        }

        switch (ReadVector())
        {
            case RowOutcome.End:
                _ended = true;
                return false;
            case RowOutcome.Last:
                _ended = true;
                return true;
        }

        if (Problem is null && keyProblem is not null)
        {
            Bad(keyProblem);
        }

        Key = key;
        return true;
    }

    /// <summary>Reads the current row's vector into <see cref="RecordReader.VectorBuffer"/>, or marks it bad.</summary>
    protected abstract RowOutcome ReadVector();

    /// <summary>Reads exactly <paramref name="into"/>.Length bytes, or returns how many there were before the end.</summary>
    protected int ReadFully(Span<byte> into) => Data.ReadAtLeast(into, into.Length, throwOnEndOfStream: false);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Data.Dispose();
            _ids?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>What reading a row found.</summary>
    protected enum RowOutcome
    {
        /// <summary>A row (good or bad); more may follow.</summary>
        Row,

        /// <summary>A bad row after which nothing can be read (the file is cut short).</summary>
        Last,

        /// <summary>The end of the data.</summary>
        End,
    }
}
