using VelesDb.Engine.Contract;

namespace VelesDb.Engine.Filters;

// PLACEHOLDER until the filter columns land; replaced on merge.
internal sealed class AttributeColumns
{
    private readonly Lock _lock = new();
    private RecordAttributes?[] _rows = [];

    public void Set(int slot, RecordAttributes? attributes)
    {
        lock (_lock)
        {
            if (slot >= _rows.Length)
            {
                Array.Resize(ref _rows, Math.Max(slot + 1, _rows.Length * 2));
            }

            _rows[slot] = attributes;
        }
    }

    public void Clear(int slot) => Set(slot, null);

    public void Reset()
    {
        lock (_lock)
        {
            _rows = [];
        }
    }

    public void Keep(Filter filter, ulong[] mask, int slotCount)
    {
        lock (_lock)
        {
            for (var slot = 0; slot < slotCount; slot++)
            {
                var bit = 1UL << (slot & 63);
                if ((mask[slot >> 6] & bit) != 0 && !filter.Matches(slot < _rows.Length ? _rows[slot] : null))
                {
                    mask[slot >> 6] &= ~bit;
                }
            }
        }
    }
}
