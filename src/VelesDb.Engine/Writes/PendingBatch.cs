using System.Runtime.CompilerServices;

namespace VelesDb.Engine.Writes;

/// <summary>Records queued for one StoreBatch call: ids and their components, row-major.</summary>
internal sealed class PendingBatch(int dimension, int capacity)
{
    private readonly float[] _components = new float[checked(capacity * dimension)];
    private readonly ulong[] _ids = new ulong[capacity];

    public int Count { get; private set; }

    public bool IsFull => Count == _ids.Length;

    public ReadOnlySpan<ulong> Ids => _ids.AsSpan(0, Count);

    public ReadOnlySpan<float> Components => _components.AsSpan(0, Count * dimension);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(ulong id, ReadOnlySpan<float> vector)
    {
        _ids[Count] = id;
        vector.CopyTo(_components.AsSpan(Count * dimension, dimension));
        Count++;
    }

    public float[] VectorAt(int index) => _components.AsSpan(index * dimension, dimension).ToArray();

    public void Clear() => Count = 0;
}
