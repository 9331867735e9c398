using System.Runtime.CompilerServices;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Index;

namespace VelesDb.Engine.Writes;

/// <summary>Records queued for one StoreBatch call: ids and their components, row-major.</summary>
internal sealed class PendingBatch(int dimension, int capacity)
{
    private readonly float[] _components = new float[checked(capacity * dimension)];
    private readonly ulong[] _ids = new ulong[capacity];
    private RecordMeta?[]? _metas;

    public int Count { get; private set; }

    public bool IsFull => Count == _ids.Length;

    public ReadOnlySpan<ulong> Ids => _ids.AsSpan(0, Count);

    public ReadOnlySpan<float> Components => _components.AsSpan(0, Count * dimension);

    /// <summary>Each record's metadata, or empty when none of them has any (integer keys without attributes).</summary>
    public ReadOnlySpan<RecordMeta?> Metas => _metas is null ? default : _metas.AsSpan(0, Count);

    /// <summary>Queues a record; <paramref name="id"/> is what its slot holds (see <see cref="RecordMeta.SlotIdOf"/> for a text key).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong id, ReadOnlySpan<float> vector, RecordMeta? meta = null)
    {
        if (meta is not null)
        {
            _metas ??= new RecordMeta?[_ids.Length];
        }

        if (_metas is not null)
        {
            _metas[Count] = meta;
        }

        _ids[Count] = id;
        vector.CopyTo(_components.AsSpan(Count * dimension, dimension));
        Count++;
    }

    /// <summary>The key of the record at <paramref name="index"/>.</summary>
    public RecordKey KeyAt(int index) => RecordMeta.KeyOf(_metas?[index], _ids[index]);

    /// <summary>The attributes of the record at <paramref name="index"/>.</summary>
    public RecordAttributes AttributesAt(int index) => _metas?[index]?.Attributes ?? RecordAttributes.Empty;

    public float[] VectorAt(int index) => _components.AsSpan(index * dimension, dimension).ToArray();

    public void Clear()
    {
        _metas?.AsSpan(0, Count).Clear();
        _metas = null;
        Count = 0;
    }
}
