using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VelesDb.Interchange;

/// <summary>
/// Collects, from a first pass over the records' attributes, the columns a CSV or Parquet file needs
/// before its first row: each top-level attribute name in the order first seen and the kind of its
/// values. Memory grows with the number of distinct names, not of records.
/// </summary>
public sealed class ColumnSurvey
{
    /// <summary>Column names the formats use for the key and the vector; attributes of these names cannot be columns.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(["key", "id", "vector", "embedding"], StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<(string Name, ColumnKind? Kind)> _columns = [];

    /// <summary>Records surveyed.</summary>
    public long Records { get; private set; }

    /// <summary>Adds one record's attributes (a compact JSON object; empty for none).</summary>
    public void Add(ReadOnlySpan<byte> attributes)
    {
        Records++;
        if (attributes.Length <= 2)
        {
            return;
        }

        var reader = new Utf8JsonReader(attributes);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            var value = attributes[start..(int)reader.BytesConsumed];
            if (ReservedNames.Contains(name))
            {
                continue;
            }

            var kind = KindOf(value);
            if (_index.TryGetValue(name, out var at))
            {
                var known = _columns[at].Kind;
                _columns[at] = (name, known == kind ? kind : ColumnKind.Json);
            }
            else
            {
                _index[name] = _columns.Count;
                _columns.Add((name, kind));
            }
        }
    }

    /// <summary>The columns, in the order their names were first seen.</summary>
    public IReadOnlyList<AttributeColumn> Columns() => [.. _columns.Select(c => new AttributeColumn(c.Name, c.Kind ?? ColumnKind.Json))];

    /// <summary>The kind one JSON value (its compact text) fits.</summary>
    public static ColumnKind KindOf(ReadOnlySpan<byte> value)
    {
        switch (value[0])
        {
            case (byte)'"':
                return ColumnKind.Text;
            case (byte)'t' or (byte)'f':
                return ColumnKind.TrueFalse;
            case (byte)'n' or (byte)'[' or (byte)'{':
                return ColumnKind.Json;
        }

        var text = Encoding.UTF8.GetString(value);
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)
            && whole.ToString(CultureInfo.InvariantCulture) == text)
        {
            return ColumnKind.WholeNumber;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && double.IsFinite(real) && real.ToString("R", CultureInfo.InvariantCulture) == text)
        {
            return ColumnKind.Number;
        }

        return ColumnKind.Json;
    }
}
