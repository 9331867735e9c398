namespace VelesDb.Interchange;

/// <summary>
/// Reads a file's rows one at a time, in constant memory. After <see cref="Read"/> returns true the
/// current row is either a record (<see cref="Problem"/> null: <see cref="Key"/>, <see cref="Vector"/>,
/// <see cref="Attributes"/>) or a bad row (<see cref="Problem"/> says why, <see cref="RowLabel"/> where);
/// reading goes on after a bad row when the format can find the next one, and ends otherwise.
/// The current row's spans are valid until the next call.
/// </summary>
/// <remarks>
/// A reader throws <see cref="InterchangeFormatException"/> when it is opened on a file that is not
/// its format, <see cref="IOException"/> when the file cannot be read, and nothing else for what a
/// file holds.
/// </remarks>
public abstract class RecordReader : IDisposable
{
    private float[] _vector = [];
    private long _length = -1;

    /// <summary>The 1-based number of the current row (a line number for the text formats).</summary>
    public long Row { get; protected set; }

    /// <summary>Where the current row is, for messages: "line 7" or "row 7".</summary>
    public virtual string RowLabel => $"row {Row}";

    /// <summary>The current row's key; <see cref="RowKey.None"/> when the file gives none.</summary>
    public RowKey Key { get; protected set; }

    /// <summary>The current row's vector.</summary>
    public ReadOnlySpan<float> Vector => _vector.AsSpan(0, VectorLength);

    /// <summary>The current row's attributes as a UTF-8 JSON object; empty when it has none.</summary>
    public ReadOnlyMemory<byte> Attributes { get; protected set; }

    /// <summary>Why the current row is not a record, or null.</summary>
    public string? Problem { get; protected set; }

    /// <summary>How far through the file the reader is, 0 to 1.</summary>
    public abstract double Progress { get; }

    /// <summary>Advisory notes about the file (columns left out, for example), for the caller to show once.</summary>
    public IReadOnlyList<string> Notes => NoteList;

    /// <summary>The notes list to add to.</summary>
    protected List<string> NoteList { get; } = [];

    /// <summary>Components in <see cref="Vector"/>.</summary>
    protected int VectorLength { get; set; }

    /// <summary>
    /// The share of <paramref name="stream"/> read at <paramref name="position"/>, its length asked once
    /// (<see cref="Stream.Length"/> is a system call on a file, too slow for every row).
    /// </summary>
    protected double ShareRead(Stream stream, long position)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (_length < 0)
        {
            _length = stream.CanSeek ? stream.Length : 0;
        }

        return _length == 0 ? 0 : Math.Min(1.0, (double)position / _length);
    }


    /// <summary>Moves to the next row; false at the end of the file.</summary>
    public abstract bool Read();

    /// <summary>A buffer of at least <paramref name="length"/> components for the current row's vector, and sets its length.</summary>
    protected Span<float> VectorBuffer(int length)
    {
        if (_vector.Length < length)
        {
            _vector = new float[Math.Max(length, _vector.Length * 2)];
        }

        VectorLength = length;
        return _vector.AsSpan(0, length);
    }

    /// <summary>Starts a new row: clears what the previous one set.</summary>
    protected void BeginRow(long row)
    {
        Row = row;
        Key = RowKey.None;
        Attributes = ReadOnlyMemory<byte>.Empty;
        Problem = null;
        VectorLength = 0;
    }

    /// <summary>Marks the current row bad.</summary>
    protected bool Bad(string problem)
    {
        Problem = problem;
        VectorLength = 0;
        return true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the file.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
