using System.Buffers;
using System.Text;

namespace VelesDb.Interchange;

/// <summary>
/// Reads CSV (RFC 4180, UTF-8, comma-separated, a header row): the key column "key" (or "id"), the
/// vector column "vector" (or "embedding") holding the components joined by ';', and every other
/// column an attribute (<see cref="CsvCell"/> says how a cell reads). Without a key column, rows
/// have no key. Rows are labelled by the line they start on; a row that cannot be read is a bad row
/// and reading goes on with the next.
/// </summary>
public sealed class CsvRecordReader : RecordReader
{
    private readonly Stream _stream;
    private readonly CsvTokenizer _tokenizer;
    private readonly List<string> _names;
    private readonly List<int> _attributeColumns = [];
    private readonly int _keyColumn = -1;
    private readonly int _vectorColumn = -1;
    private readonly List<string> _cells = [];
    private readonly List<float> _components = [];
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public CsvRecordReader(Stream stream, string path)
    {
        _stream = stream;
        _tokenizer = new CsvTokenizer(new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024));
        _names = [];
        if (!_tokenizer.TryReadRow(_names, out var problem))
        {
            throw new InterchangeFormatException(path, "it has no header row (a CSV file starts with a row of column names).");
        }

        if (problem is not null)
        {
            throw new InterchangeFormatException(path, $"its header row cannot be read: {problem}");
        }

        for (var i = 0; i < _names.Count; i++)
        {
            var name = _names[i].Trim();
            _names[i] = name;
            if (_keyColumn < 0 && (name.Equals("key", StringComparison.OrdinalIgnoreCase) || name.Equals("id", StringComparison.OrdinalIgnoreCase)))
            {
                _keyColumn = i;
            }
            else if (_vectorColumn < 0 && (name.Equals("vector", StringComparison.OrdinalIgnoreCase) || name.Equals("embedding", StringComparison.OrdinalIgnoreCase)))
            {
                _vectorColumn = i;
            }
            else if (name.Length > 0)
            {
                _attributeColumns.Add(i);
            }
        }

        if (_vectorColumn < 0)
        {
            throw new InterchangeFormatException(path, "its header names no \"vector\" (or \"embedding\") column.");
        }
    }

    /// <inheritdoc/>
    public override string RowLabel => $"line {Row}";

    /// <inheritdoc/>
    public override double Progress => ShareRead(_stream, _stream.Position);

    /// <inheritdoc/>
    public override bool Read()
    {
        while (true)
        {
            var line = _tokenizer.Line;
            if (!_tokenizer.TryReadRow(_cells, out var problem))
            {
                return false;
            }

            BeginRow(line);
            if (problem is not null)
            {
                return Bad(problem);
            }

            if (_cells.Count == 1 && _cells[0].Length == 0)
            {
                continue;
            }

            if (_cells.Count != _names.Count)
            {
                return Bad($"the row has {_cells.Count} fields; the header has {_names.Count}.");
            }

            if (_keyColumn >= 0)
            {
                var key = _cells[_keyColumn];
                if (key.Length == 0)
                {
                    return Bad("the key is empty.");
                }

                Key = RowKey.OfText(key);
            }

            if (CsvCell.ParseVector(_cells[_vectorColumn], _components) is { } bad)
            {
                return Bad(bad);
            }

            var vector = VectorBuffer(_components.Count);
            for (var i = 0; i < vector.Length; i++)
            {
                vector[i] = _components[i];
            }

            try
            {
                Attributes = CsvCell.ObjectOf(_names, _cells, _attributeColumns, _buffer);
            }
            catch (ArgumentException e)
            {
                return Bad($"an attribute cannot be written as JSON: {e.Message}");
            }

            return true;
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
