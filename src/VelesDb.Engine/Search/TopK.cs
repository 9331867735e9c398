namespace VelesDb.Engine.Search;

/// <summary>
/// The best <c>k</c> candidates seen so far, as a bounded heap whose root is the worst kept.
/// Candidates are ranked by a key where lower is better, ties broken by the smaller id, so
/// results are deterministic. Each keeps its slot, so the winners can be scored afterwards.
/// </summary>
internal sealed class TopK
{
    private readonly PriorityQueue<long, (float Key, ulong Id)> _heap;
    private readonly int _k;
    private float _worstKey = float.PositiveInfinity;
    private ulong _worstId = ulong.MaxValue;

    public TopK(int k)
    {
        _k = k;
        _heap = new PriorityQueue<long, (float Key, ulong Id)>(Math.Min(k, 4096) + 1, WorstFirst.Instance);
    }

    public int Count => _heap.Count;

    /// <summary>The key of the worst candidate kept once k are kept; until then, positive infinity.</summary>
    public float WorstKey => _worstKey;

    public void Offer(ulong id, float key, long slot)
    {
        // Most candidates of a large scan lose to the worst kept one: decide that without the heap.
        if (key > _worstKey || (key == _worstKey && id > _worstId))
        {
            return;
        }

        if (_heap.Count < _k)
        {
            _heap.Enqueue(slot, (key, id));
        }
        else
        {
            _ = _heap.DequeueEnqueue(slot, (key, id));
        }

        if (_heap.Count == _k)
        {
            _ = _heap.TryPeek(out _, out var worst);
            (_worstKey, _worstId) = worst;
        }
    }

    public void MergeInto(TopK other)
    {
        foreach (var (slot, priority) in _heap.UnorderedItems)
        {
            other.Offer(priority.Id, priority.Key, slot);
        }
    }

    /// <summary>The kept candidates, in no order.</summary>
    public IEnumerable<(ulong Id, long Slot)> Unordered() => _heap.UnorderedItems.Select(e => (e.Priority.Id, e.Element));

    private sealed class WorstFirst : IComparer<(float Key, ulong Id)>
    {
        public static WorstFirst Instance { get; } = new();

        public int Compare((float Key, ulong Id) x, (float Key, ulong Id) y) =>
            x.Key != y.Key ? y.Key.CompareTo(x.Key) : y.Id.CompareTo(x.Id);
    }
}
