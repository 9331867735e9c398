namespace VelesDb.Engine.Search;

/// <summary>
/// The best <c>k</c> candidates seen so far, as a bounded heap whose root is the worst kept.
/// Candidates are ranked by a key where lower is better (the negated score for similarity
/// metrics), ties broken by the smaller id, so results are deterministic.
/// </summary>
internal sealed class TopK
{
    private readonly PriorityQueue<ulong, (float Key, ulong Id)> _heap;
    private readonly int _k;

    public TopK(int k)
    {
        _k = k;
        _heap = new PriorityQueue<ulong, (float Key, ulong Id)>(Math.Min(k, 4096) + 1, WorstFirst.Instance);
    }

    public int Count => _heap.Count;

    /// <summary>The key a candidate must beat to get in, once full.</summary>
    public float Threshold => _heap.Count < _k ? float.PositiveInfinity : _heap.TryPeek(out _, out var worst) ? worst.Key : float.PositiveInfinity;

    public void Offer(ulong id, float key)
    {
        if (_heap.Count < _k)
        {
            _heap.Enqueue(id, (key, id));
            return;
        }

        _ = _heap.TryPeek(out _, out var worst);
        if (key < worst.Key || (key == worst.Key && id < worst.Id))
        {
            _ = _heap.DequeueEnqueue(id, (key, id));
        }
    }

    public void MergeInto(TopK other)
    {
        foreach (var (id, priority) in _heap.UnorderedItems)
        {
            other.Offer(id, priority.Key);
        }
    }

    /// <summary>The kept candidates, best first.</summary>
    public List<(ulong Id, float Key)> Sorted()
    {
        var items = _heap.UnorderedItems.Select(e => (e.Element, e.Priority.Key)).ToList();
        items.Sort((a, b) => a.Key != b.Key ? a.Key.CompareTo(b.Key) : a.Element.CompareTo(b.Element));
        return items;
    }

    private sealed class WorstFirst : IComparer<(float Key, ulong Id)>
    {
        public static WorstFirst Instance { get; } = new();

        public int Compare((float Key, ulong Id) x, (float Key, ulong Id) y) =>
            x.Key != y.Key ? y.Key.CompareTo(x.Key) : y.Id.CompareTo(x.Id);
    }
}
