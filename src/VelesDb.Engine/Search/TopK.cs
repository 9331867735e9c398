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
    private float _worstKey = float.PositiveInfinity;
    private ulong _worstId = ulong.MaxValue;

    public TopK(int k)
    {
        _k = k;
        _heap = new PriorityQueue<ulong, (float Key, ulong Id)>(Math.Min(k, 4096) + 1, WorstFirst.Instance);
    }

    public int Count => _heap.Count;

    public void Offer(ulong id, float key)
    {
        // Most candidates of a large scan lose to the worst kept one: decide that without the heap.
        if (key > _worstKey || (key == _worstKey && id > _worstId))
        {
            return;
        }

        if (_heap.Count < _k)
        {
            _heap.Enqueue(id, (key, id));
        }
        else
        {
            _ = _heap.DequeueEnqueue(id, (key, id));
        }

        if (_heap.Count == _k)
        {
            _ = _heap.TryPeek(out _, out var worst);
            (_worstKey, _worstId) = worst;
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
