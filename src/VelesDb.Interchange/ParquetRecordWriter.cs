using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace VelesDb.Interchange;

/// <summary>
/// Writes Apache Parquet through Parquet.Net: a <c>key</c> column (string: an integer key as its
/// decimal digits), a <c>vector</c> column (list&lt;float&gt;), and one nullable column per
/// attribute, typed by <see cref="ColumnKind"/> (string, int64, double, boolean, or the JSON text of
/// each value as a string, the names of such columns listed in the file's key-value metadata under
/// <see cref="JsonColumnsKey"/>). Rows are written in row groups of at most
/// <see cref="RowGroupRows"/> rows or about 16 MiB of components, so memory stays bounded.
/// </summary>
public sealed class ParquetRecordWriter : RecordWriter
{
    /// <summary>The file metadata key naming (as a JSON array) the columns that hold JSON text.</summary>
    public const string JsonColumnsKey = "velesdb.json_columns";

    /// <summary>Rows per row group at most.</summary>
    public const int RowGroupRows = 65_536;

    private const int RowGroupComponents = 4 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly ParquetWriter _writer;
    private readonly DataField _keyField;
    private readonly DataField _vectorItem;
    private readonly AttributeColumn[] _columns;
    private readonly DataField[] _fields;
    private readonly ColumnPlacement _placement;
    private readonly List<string> _keys = [];
    private readonly List<float> _components = [];
    private readonly List<int> _repetition = [];
    private readonly List<object?>[] _values;
    private readonly object?[] _row;

    public ParquetRecordWriter(Stream stream, IReadOnlyList<AttributeColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        _stream = stream;
        _columns = [.. columns];
        _keyField = new DataField<string>("key", nullable: false);
        _vectorItem = new DataField<float>("element");
        _fields = [.. _columns.Select(c => new DataField(c.Name, c.Kind switch
        {
            ColumnKind.WholeNumber => typeof(long?),
            ColumnKind.Number => typeof(double?),
            ColumnKind.TrueFalse => typeof(bool?),
            _ => typeof(string),
        }, isNullable: true))];
        _values = [.. _columns.Select(_ => new List<object?>())];
        _row = new object?[_columns.Length];
        _placement = new ColumnPlacement(columns);

        var schema = new ParquetSchema([_keyField, new ListField("vector", _vectorItem), .. _fields]);
        _writer = ParquetWriter.CreateAsync(schema, stream).GetAwaiter().GetResult();
        var json = _columns.Where(c => c.Kind is ColumnKind.Json).Select(c => c.Name).ToArray();
        _writer.CustomMetadata = new Dictionary<string, string> { [JsonColumnsKey] = JsonSerializer.Serialize(json) };
    }

    /// <inheritdoc/>
    public override bool TryWrite(RowKey key, ReadOnlySpan<float> vector, ReadOnlySpan<byte> attributes, out string? problem)
    {
        Array.Clear(_row);
        if (!_placement.TryPlace(attributes, out problem))
        {
            return false;
        }

        foreach (var (column, range) in _placement.Placed)
        {
            var value = attributes[range];
            var kind = _columns[column].Kind;
            if (kind != ColumnKind.Json && ColumnSurvey.KindOf(value) != kind)
            {
                problem = $"its attribute '{_columns[column].Name}' is not of the kind of its column ({kind}); it changed after the columns were chosen.";
                return false;
            }

            _row[column] = Typed(kind, value);
        }

        _keys.Add(key.ToString());
        for (var i = 0; i < vector.Length; i++)
        {
            _components.Add(vector[i]);
            _repetition.Add(i == 0 ? 0 : 1);
        }

        for (var i = 0; i < _row.Length; i++)
        {
            _values[i].Add(_row[i]);
        }

        Written++;
        if (_keys.Count >= RowGroupRows || _components.Count >= RowGroupComponents)
        {
            FlushRowGroup();
        }

        return true;
    }

    private static object Typed(ColumnKind kind, ReadOnlySpan<byte> value)
    {
        switch (kind)
        {
            case ColumnKind.Text:
                var reader = new Utf8JsonReader(value);
                reader.Read();
                return reader.GetString()!;
            case ColumnKind.WholeNumber:
                return long.Parse(Encoding.UTF8.GetString(value), CultureInfo.InvariantCulture);
            case ColumnKind.Number:
                return double.Parse(Encoding.UTF8.GetString(value), CultureInfo.InvariantCulture);
            case ColumnKind.TrueFalse:
                return value[0] == (byte)'t';
            default:
                return Encoding.UTF8.GetString(value);
        }
    }

    private void FlushRowGroup()
    {
        if (_keys.Count == 0)
        {
            return;
        }

        using (var group = _writer.CreateRowGroup())
        {
            group.WriteAsync(_keyField, _keys).GetAwaiter().GetResult();
            var definition = new int[_components.Count];
            Array.Fill(definition, _vectorItem.MaxDefinitionLevel);
            group.WriteAllPartsAsync<float>(_vectorItem, _components.ToArray(), (ReadOnlyMemory<int>)definition, (ReadOnlyMemory<int>)_repetition.ToArray(), CancellationToken.None).GetAwaiter().GetResult();
            for (var i = 0; i < _fields.Length; i++)
            {
                var values = _values[i];
                switch (_columns[i].Kind)
                {
                    case ColumnKind.WholeNumber:
                        group.WriteAsync<long>(_fields[i], values.Select(v => (long?)v).ToArray()).GetAwaiter().GetResult();
                        break;
                    case ColumnKind.Number:
                        group.WriteAsync<double>(_fields[i], values.Select(v => (double?)v).ToArray()).GetAwaiter().GetResult();
                        break;
                    case ColumnKind.TrueFalse:
                        group.WriteAsync<bool>(_fields[i], values.Select(v => (bool?)v).ToArray()).GetAwaiter().GetResult();
                        break;
                    default:
                        group.WriteAsync(_fields[i], values.Select(v => (string?)v).ToArray()!).GetAwaiter().GetResult();
                        break;
                }

                values.Clear();
            }

            group.CompleteValidate();
        }

        _keys.Clear();
        _components.Clear();
        _repetition.Clear();
    }

    /// <inheritdoc/>
    public override void Complete()
    {
        FlushRowGroup();
        _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stream.Flush();
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try
            {
                _writer.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (InvalidOperationException)
            {
                // Disposed without Complete: the unfinished file is discarded by the caller.
            }

            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
