namespace VelesDb.Engine.Filters;

/// <summary>
/// Which columns each slot has values in, so clearing a slot touches only those. Slots with the
/// same set of columns (the usual case: records of one shape) share one counted list, so this
/// costs 4 bytes per slot. Writer only.
/// </summary>
internal sealed class SlotSchemas
{
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private readonly List<int[]> _columns = [];
    private readonly List<int> _users = [];
    private readonly Stack<int> _free = new();
    private int[] _slotSchema = [];
    private int _last = -1;

    /// <summary>The columns of <paramref name="slot"/> (empty when none).</summary>
    public ReadOnlySpan<int> ColumnsOf(int slot)
    {
        var schema = slot < _slotSchema.Length ? _slotSchema[slot] - 1 : -1;
        return schema < 0 ? [] : _columns[schema];
    }

    /// <summary>Records that <paramref name="slot"/> now has values in <paramref name="columns"/>.</summary>
    public void Assign(int slot, List<int> columns)
    {
        Release(slot);
        if (columns.Count == 0)
        {
            return;
        }

        columns.Sort();
        // Records mostly come in one shape: the last schema answers without building a key.
        var schema = _last;
        if (schema < 0 || _users[schema] == 0 || !_columns[schema].AsSpan().SequenceEqual(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(columns)))
        {
            schema = SchemaOf(columns);
        }

        _users[schema]++;
        _last = schema;
        if (slot >= _slotSchema.Length)
        {
            Array.Resize(ref _slotSchema, Math.Max(slot + 1, Math.Max(64, _slotSchema.Length * 2)));
        }

        _slotSchema[slot] = schema + 1;
    }

    private int SchemaOf(List<int> columns)
    {
        var key = string.Join(',', columns);
        if (!_byKey.TryGetValue(key, out var schema))
        {
            if (_free.TryPop(out schema))
            {
                _columns[schema] = [.. columns];
                _users[schema] = 0;
            }
            else
            {
                schema = _columns.Count;
                _columns.Add([.. columns]);
                _users.Add(0);
            }

            _byKey[key] = schema;
        }

        return schema;
    }

    /// <summary>Forgets the columns of <paramref name="slot"/>.</summary>
    public void Release(int slot)
    {
        if (slot >= _slotSchema.Length || _slotSchema[slot] == 0)
        {
            return;
        }

        var schema = _slotSchema[slot] - 1;
        _slotSchema[slot] = 0;
        if (--_users[schema] == 0)
        {
            _byKey.Remove(string.Join(',', _columns[schema]));
            _columns[schema] = [];
            _free.Push(schema);
        }
    }
}
