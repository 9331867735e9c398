using System.Text.Json;

namespace VelesDb.Interchange;

/// <summary>
/// Places a record's attributes (one compact JSON object) in the attribute columns a writer of a
/// columned format (CSV, Parquet) chose before its first row: which column each value goes to,
/// or why the record does not fit them.
/// </summary>
internal sealed class ColumnPlacement
{
    private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
    private readonly List<(int Column, Range Value)> _placed = [];

    public ColumnPlacement(IReadOnlyList<AttributeColumn> columns)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            _byName[columns[i].Name] = i;
        }
    }

    /// <summary>Each value of the last record placed: its column and where its JSON text lies in the attributes.</summary>
    public IReadOnlyList<(int Column, Range Value)> Placed => _placed;

    /// <summary>Places the values of <paramref name="attributes"/>; false, with the problem, when one has no column.</summary>
    public bool TryPlace(ReadOnlySpan<byte> attributes, out string? problem)
    {
        problem = null;
        _placed.Clear();
        if (attributes.Length <= 2)
        {
            return true;
        }

        var reader = new Utf8JsonReader(attributes);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            if (!_byName.TryGetValue(name, out var column))
            {
                problem = ColumnSurvey.ReservedNames.Contains(name)
                    ? $"its attribute '{name}' has the name of the key or vector column."
                    : $"its attribute '{name}' has no column (it was added after the columns were chosen).";
                return false;
            }

            _placed.Add((column, start..(int)reader.BytesConsumed));
        }

        return true;
    }
}
