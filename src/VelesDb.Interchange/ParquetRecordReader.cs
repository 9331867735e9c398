using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Parquet;
using Parquet.Schema;

namespace VelesDb.Interchange;

/// <summary>
/// Reads Apache Parquet through Parquet.Net, one row group at a time. The vector is the list column
/// of float or double items named "vector" or "embedding" (or the only such list column); a
/// fixed-size list written by Arrow is a list in Parquet and is read the same way. The key is the
/// column "key" or "id" (a string or an integer column), if there is one. Every other top-level
/// column of plain values (strings, integers, floating point, booleans, dates) is an attribute of
/// that name, a null being no attribute; columns listed under
/// <see cref="ParquetRecordWriter.JsonColumnsKey"/> hold the JSON text of their values. Nested
/// columns other than the vector are left out (and named in <see cref="RecordReader.Notes"/>).
/// </summary>
public sealed class ParquetRecordReader : RecordReader
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly Stream _stream;
    private readonly string _path;
    private readonly ParquetReader _reader;
    private readonly DataField _vectorItem;
    private readonly DataField? _keyField;
    private readonly DataField[] _attributeFields;
    private readonly HashSet<string> _jsonColumns;
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly long _totalRows;

    private int _group = -1;
    private long _groupRows;
    private long _inGroup;
    private long _rowsBefore;
    private object?[] _keys = [];
    private object?[][] _attributes = [];
    private int[] _vectorStart = [];
    private int[] _vectorLength = [];
    private string?[] _vectorProblem = [];
    private float[] _components = [];

    public ParquetRecordReader(Stream stream, string path)
    {
        _stream = stream;
        _path = path;
        try
        {
            _reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InterchangeFormatException(path, $"it is not a readable Parquet file ({e.Message})", e);
        }

        var schema = _reader.Schema;
        var lists = schema.Fields.OfType<ListField>()
            .Where(l => l.Item is DataField item && (item.ClrType == typeof(float) || item.ClrType == typeof(double)))
            .ToList();
        var vector = lists.FirstOrDefault(l => IsNamed(l.Name, "vector")) ?? lists.FirstOrDefault(l => IsNamed(l.Name, "embedding"))
            ?? (lists.Count == 1 ? lists[0] : null);
        if (vector is null)
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw new InterchangeFormatException(path, lists.Count == 0
                ? "it has no list column of float or double values to read vectors from."
                : $"it has {lists.Count} list columns of numbers and none is named \"vector\" or \"embedding\".");
        }

        _vectorItem = (DataField)vector.Item;
        var flat = schema.Fields.OfType<DataField>().Where(f => f.MaxRepetitionLevel == 0).ToList();
        _keyField = flat.FirstOrDefault(f => IsNamed(f.Name, "key")) ?? flat.FirstOrDefault(f => IsNamed(f.Name, "id"));
        _attributeFields = [.. flat.Where(f => f != _keyField && IsPlain(f.ClrType))];
        foreach (var left in schema.Fields.Where(f => f != vector && !_attributeFields.Contains(f) && f != _keyField))
        {
            NoteList.Add($"The column '{left.Name}' is not a column of plain values and is left out.");
        }

        _jsonColumns = [];
        if (_reader.CustomMetadata.TryGetValue(ParquetRecordWriter.JsonColumnsKey, out var listed))
        {
            try
            {
                _jsonColumns = [.. JsonSerializer.Deserialize<string[]>(listed) ?? []];
            }
            catch (JsonException)
            {
                NoteList.Add($"The file's {ParquetRecordWriter.JsonColumnsKey} metadata is not a JSON array of names and is ignored.");
            }
        }

        try
        {
            _totalRows = _reader.RowGroups.Sum(g => g.RowCount);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InterchangeFormatException(path, $"its row groups cannot be read ({e.Message})", e);
        }
    }

    /// <inheritdoc/>
    public override double Progress => _totalRows == 0 ? 0 : (double)(_rowsBefore + _inGroup) / _totalRows;

    private static bool IsNamed(string name, string wanted) => name.Equals(wanted, StringComparison.OrdinalIgnoreCase);

    private static bool IsPlain(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return IsText(t) || t == typeof(bool) || t == typeof(float) || t == typeof(double) || t == typeof(decimal)
            || t == typeof(sbyte) || t == typeof(byte) || t == typeof(short) || t == typeof(ushort) || t == typeof(int)
            || t == typeof(uint) || t == typeof(long) || t == typeof(ulong) || t == typeof(DateTime) || t == typeof(DateOnly)
            || t == typeof(TimeSpan) || t == typeof(TimeOnly) || t == typeof(DateTimeOffset);
    }

    private static bool IsText(Type type) => type == typeof(string) || type == typeof(ReadOnlyMemory<char>);

    /// <inheritdoc/>
    public override bool Read()
    {
        while (_group < 0 || _inGroup >= _groupRows)
        {
            if (_group + 1 >= _reader.RowGroupCount)
            {
                return false;
            }

            if (_group >= 0)
            {
                _rowsBefore += _groupRows;
            }

            _group++;
            _inGroup = 0;
            if (!TryLoadGroup(out var problem))
            {
                // A row group that cannot be decoded is one bad row for all of it; the next group may be fine.
                BeginRow(_rowsBefore + 1);
                _groupRows = 0;
                return Bad($"row group {_group + 1} (rows from {_rowsBefore + 1}) cannot be read: {problem}");
            }
        }

        var index = (int)_inGroup++;
        BeginRow(_rowsBefore + index + 1);
        if (_vectorProblem[index] is { } bad)
        {
            return Bad(bad);
        }

        if (_keyField is not null)
        {
            switch (_keys[index])
            {
                case null:
                    return Bad("its key is null.");
                case string text when text.Length == 0:
                    return Bad("its key is an empty string.");
                case string text:
                    Key = RowKey.OfText(text);
                    break;
                case ulong number:
                    Key = RowKey.OfNumber(number);
                    break;
                case long number when number >= 0:
                    Key = RowKey.OfNumber((ulong)number);
                    break;
                default:
                    return Bad($"its key {_keys[index]} is negative.");
            }
        }

        var vector = VectorBuffer(_vectorLength[index]);
        _components.AsSpan(_vectorStart[index], vector.Length).CopyTo(vector);
        Attributes = AttributesOf(index);
        return true;
    }

    private byte[] AttributesOf(int index)
    {
        _buffer.ResetWrittenCount();
        var any = false;
        using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
        {
            writer.WriteStartObject();
            for (var c = 0; c < _attributeFields.Length; c++)
            {
                var value = _attributes[c][index];
                if (value is null)
                {
                    continue;
                }

                var name = _attributeFields[c].Name;
                if (value is string json && _jsonColumns.Contains(name) && CsvCell.IsJson(json))
                {
                    writer.WritePropertyName(name);
                    writer.WriteRawValue(json);
                    any = true;
                    continue;
                }

                writer.WritePropertyName(name);
                WriteValue(writer, value);
                any = true;
            }

            writer.WriteEndObject();
        }

        return any ? _buffer.WrittenSpan.ToArray() : [];
    }

    private static void WriteValue(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case float f when float.IsFinite(f): writer.WriteNumberValue(f); break;
            case double d when double.IsFinite(d): writer.WriteNumberValue(d); break;
            case float or double: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case decimal m: writer.WriteNumberValue(m); break;
            case long l: writer.WriteNumberValue(l); break;
            case ulong u: writer.WriteNumberValue(u); break;
            case int i: writer.WriteNumberValue(i); break;
            case uint u: writer.WriteNumberValue(u); break;
            case short s: writer.WriteNumberValue(s); break;
            case ushort u: writer.WriteNumberValue(u); break;
            case sbyte s: writer.WriteNumberValue(s); break;
            case byte b: writer.WriteNumberValue(b); break;
            case DateTime t: writer.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset t: writer.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateOnly t: writer.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            case TimeOnly t: writer.WriteStringValue(t.ToString("O", CultureInfo.InvariantCulture)); break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private bool TryLoadGroup(out string? problem)
    {
        problem = null;
        try
        {
            using var group = _reader.OpenRowGroupReader(_group);
            _groupRows = group.RowCount;
            var rows = checked((int)_groupRows);
            _keys = _keyField is null ? [] : ReadFlat(group, _keyField, rows);
            _attributes = [.. _attributeFields.Select(f => ReadFlat(group, f, rows))];
            LoadVectors(group, rows);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            problem = e.Message;
            return false;
        }
    }

    private void LoadVectors(ParquetRowGroupReader group, int rows)
    {
        _vectorStart = new int[rows];
        _vectorLength = new int[rows];
        _vectorProblem = new string?[rows];
        ReadOnlySpan<int> definition;
        ReadOnlySpan<int> repetition;
        var maxDefinition = _vectorItem.MaxDefinitionLevel;
        if (_vectorItem.ClrType == typeof(float))
        {
            using var raw = (Parquet.Data.RawColumnData<float>)group.ReadRawColumnDataBaseAsync(_vectorItem).AsTask().GetAwaiter().GetResult();
            _components = raw.Values.ToArray();
            definition = raw.DefinitionLevels.ToArray();
            repetition = raw.RepetitionLevels.ToArray();
        }
        else
        {
            using var raw = (Parquet.Data.RawColumnData<double>)group.ReadRawColumnDataBaseAsync(_vectorItem).AsTask().GetAwaiter().GetResult();
            var wide = raw.Values;
            _components = new float[wide.Length];
            for (var i = 0; i < wide.Length; i++)
            {
                _components[i] = (float)wide[i];
            }

            definition = raw.DefinitionLevels.ToArray();
            repetition = raw.RepetitionLevels.ToArray();
        }

        var row = -1;
        var value = 0;
        for (var i = 0; i < definition.Length; i++)
        {
            if (repetition[i] == 0)
            {
                row++;
                if (row >= rows)
                {
                    throw new InvalidDataException($"the vector column holds more rows than the row group's {rows}.");
                }

                _vectorStart[row] = value;
            }

            if (row < 0)
            {
                throw new InvalidDataException("the vector column's first value continues a list.");
            }

            if (definition[i] == maxDefinition)
            {
                _vectorLength[row]++;
                value++;
            }
            else if (_vectorLength[row] > 0 || (i + 1 < definition.Length && repetition[i + 1] != 0) || definition[i] == maxDefinition - 1)
            {
                // maxDefinition - 1 is a null item inside the list; lower levels are an empty or null list.
                _vectorProblem[row] ??= "its vector holds a null component.";
            }
            else
            {
                _vectorProblem[row] ??= "its vector is null or empty.";
            }
        }

        if (value > _components.Length)
        {
            throw new InvalidDataException("the vector column's levels name more values than it holds.");
        }

        for (var r = row + 1; r < rows; r++)
        {
            _vectorProblem[r] = "its vector is missing.";
        }
    }

    private static object?[] ReadFlat(ParquetRowGroupReader group, DataField field, int rows)
    {
        var type = Nullable.GetUnderlyingType(field.ClrType) ?? field.ClrType;
        if (IsText(type))
        {
            var strings = new string?[rows];
            group.ReadAsync(field, strings.AsMemory()).AsTask().GetAwaiter().GetResult();
            return strings;
        }

        return type switch
        {
            _ when type == typeof(bool) => Read<bool>(group, field, rows),
            _ when type == typeof(float) => Read<float>(group, field, rows),
            _ when type == typeof(double) => Read<double>(group, field, rows),
            _ when type == typeof(decimal) => Read<decimal>(group, field, rows),
            _ when type == typeof(sbyte) => Read<sbyte>(group, field, rows),
            _ when type == typeof(byte) => Read<byte>(group, field, rows),
            _ when type == typeof(short) => Read<short>(group, field, rows),
            _ when type == typeof(ushort) => Read<ushort>(group, field, rows),
            _ when type == typeof(int) => Read<int>(group, field, rows),
            _ when type == typeof(uint) => Read<uint>(group, field, rows),
            _ when type == typeof(long) => Read<long>(group, field, rows),
            _ when type == typeof(ulong) => Read<ulong>(group, field, rows),
            _ when type == typeof(DateTime) => Read<DateTime>(group, field, rows),
            _ when type == typeof(DateOnly) => Read<DateOnly>(group, field, rows),
            _ when type == typeof(TimeOnly) => Read<TimeOnly>(group, field, rows),
            _ when type == typeof(TimeSpan) => Read<TimeSpan>(group, field, rows),
            _ => Read<DateTimeOffset>(group, field, rows),
        };
    }

    private static object?[] Read<T>(ParquetRowGroupReader group, DataField field, int rows)
        where T : struct
    {
        var result = new object?[rows];
        if (field.IsNullable)
        {
            var values = new T?[rows];
            group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                result[i] = values[i];
            }
        }
        else
        {
            var values = new T[rows];
            group.ReadAsync<T>(field, values.AsMemory()).AsTask().GetAwaiter().GetResult();
            for (var i = 0; i < rows; i++)
            {
                result[i] = values[i];
            }
        }

        return result;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
