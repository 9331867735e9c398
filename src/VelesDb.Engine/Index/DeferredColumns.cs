using System.Collections.Concurrent;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Engine.Index;

/// <summary>
/// The attribute columns of one generation, brought up to date only when a filter needs them. The
/// writer queues each change (a slot's attributes set, a dead slot cleared), which costs it a few
/// nanoseconds instead of the microseconds building columns takes, so writes and opens do not pay
/// for filters that may never run. The first filter after a run of writes applies the queue, under a
/// lock, so the columns still have one writer at a time; any search whose snapshot of live slots was
/// taken before it asked sees every change made before that snapshot. A queue that grows long
/// without a filter is applied by the writer, which bounds its memory.
/// </summary>
internal sealed class DeferredColumns
{
    private const int WriterAppliesAt = 1 << 22;

    private readonly AttributeColumns _columns = new();
    private readonly ConcurrentQueue<(int Slot, RecordAttributes? Attributes)> _changes = new();
    private readonly Lock _applying = new();

    /// <summary>Changes queued and not yet applied; it drops only after a change is in the columns.</summary>
    private long _pending;

    public void Set(int slot, RecordAttributes attributes) => Queue(slot, attributes);

    public void Clear(int slot) => Queue(slot, null);

    /// <summary>As <see cref="AttributeColumns.Keep"/>, over columns holding every change queued before the call.</summary>
    public void Keep(Filter filter, ulong[] mask, int slotCount)
    {
        ApplyPending();
        _columns.Keep(filter, mask, slotCount);
    }

    private void Queue(int slot, RecordAttributes? attributes)
    {
        _changes.Enqueue((slot, attributes));
        if (Interlocked.Increment(ref _pending) >= WriterAppliesAt)
        {
            ApplyPending();
        }
    }

    private void ApplyPending()
    {
        // A change counts as pending until it is applied, so a search that arrives while another
        // thread applies the queue waits for it rather than reading columns that lack its slots.
        if (Volatile.Read(ref _pending) == 0)
        {
            return;
        }

        lock (_applying)
        {
            while (_changes.TryDequeue(out var change))
            {
                if (change.Attributes is null)
                {
                    _columns.Clear(change.Slot);
                }
                else
                {
                    _columns.Set(change.Slot, change.Attributes);
                }

                Interlocked.Decrement(ref _pending);
            }
        }
    }
}
