using System.Globalization;
using System.Text;

namespace VelesDb.Interchange;

/// <summary>
/// Writes CSV: a header <c>key,vector,&lt;attribute columns&gt;</c>, then one row a record, the
/// vector as its components (shortest float32 round-trip decimals) joined by ';', each attribute
/// as <see cref="CsvCell"/> writes it, an absent one as an empty field. Fields are quoted when they
/// hold a comma, a quote or a line break. A record with an attribute that has no column is refused.
/// </summary>
public sealed class CsvRecordWriter : RecordWriter
{
    private readonly StreamWriter _writer;
    private readonly ColumnPlacement _placement;
    private readonly string?[] _cells;
    private readonly StringBuilder _vector = new();

    public CsvRecordWriter(Stream stream, IReadOnlyList<AttributeColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _writer = new StreamWriter(stream, new UTF8Encoding(false), 64 * 1024) { NewLine = "\n" };
        _cells = new string?[columns.Count];
        _placement = new ColumnPlacement(columns);
        _writer.Write("key,vector");
        for (var i = 0; i < columns.Count; i++)
        {
            _writer.Write(',');
            WriteField(columns[i].Name);
        }

        _writer.Write('\n');
    }

    /// <inheritdoc/>
    public override bool TryWrite(RowKey key, ReadOnlySpan<float> vector, ReadOnlySpan<byte> attributes, out string? problem)
    {
        Array.Clear(_cells);
        if (!_placement.TryPlace(attributes, out problem))
        {
            return false;
        }

        foreach (var (column, value) in _placement.Placed)
        {
            _cells[column] = CsvCell.FromJson(attributes[value]);
        }

        WriteField(key.ToString());
        _writer.Write(',');
        _vector.Clear();
        for (var i = 0; i < vector.Length; i++)
        {
            if (i > 0)
            {
                _vector.Append(';');
            }

            _vector.Append(vector[i].ToString("R", CultureInfo.InvariantCulture));
        }

        _writer.Write(_vector);
        foreach (var cell in _cells)
        {
            _writer.Write(',');
            if (cell is not null)
            {
                WriteField(cell);
            }
        }

        _writer.Write('\n');
        Written++;
        return true;
    }

    private void WriteField(string text)
    {
        if (text.AsSpan().IndexOfAny(",\"\r\n") < 0 && text.Length > 0)
        {
            _writer.Write(text);
            return;
        }

        _writer.Write('"');
        _writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    /// <inheritdoc/>
    public override void Complete() => _writer.Flush();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _writer.Dispose();
        }

        base.Dispose(disposing);
    }
}
