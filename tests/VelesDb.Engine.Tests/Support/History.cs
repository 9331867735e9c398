namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The steps a writer started on top of a known state, and how each ended. From it follow the
/// states a store may legally hold after a crash: every acknowledged step applied (for a power
/// cut in Process durability: every step up to the last acknowledged Flush), then some prefix
/// of the steps that were in flight, failed steps wholly or not at all, refused steps never.
/// </summary>
internal sealed class History(StoreModel start)
{
    private readonly List<WorkOp> _ops = [];
    private readonly List<OpOutcome> _outcomes = [];

    public StoreModel Start { get; } = start.Clone();

    public int Count => _ops.Count;

    /// <summary>Steps up to and including the last acknowledged Flush (or the first Dispose's checkpoint).</summary>
    public int DurableMark { get; private set; }

    /// <summary>
    /// In Full durability, steps up to and including the last acknowledged one that synced
    /// everything before it: any but an unsynced put and a reservation.
    /// </summary>
    public int SyncedMark { get; private set; }

    /// <summary>Index of the last acknowledged step + 1.</summary>
    public int AcknowledgedMark { get; private set; }

    /// <summary>The puts of this history by version, to check read-back vectors against.</summary>
    public Dictionary<int, WorkOp> Writers { get; } = [];

    public int Begin(WorkOp op)
    {
        if (op.Kind == WorkKind.Put)
        {
            Writers[op.Version] = op;
        }

        _ops.Add(op);
        _outcomes.Add(OpOutcome.InFlight);
        return _ops.Count - 1;
    }

    public void End(int index, OpOutcome outcome)
    {
        _outcomes[index] = outcome;
        if (outcome == OpOutcome.Acknowledged)
        {
            AcknowledgedMark = index + 1;
            var op = _ops[index];
            if (op.Kind == WorkKind.Flush)
            {
                DurableMark = index + 1;
            }

            if (op.Kind != WorkKind.Reserve && !op.Unsynced)
            {
                SyncedMark = index + 1;
            }
        }
    }

    /// <summary>A clean close (Dispose returned) checkpoints everything: from then on all of it is durable.</summary>
    public void MarkAllDurable() => DurableMark = SyncedMark = AcknowledgedMark;

    public OpOutcome Outcome(int index) => _outcomes[index];

    public WorkOp Op(int index) => _ops[index];

    /// <summary>The state after the first <paramref name="prefix"/> steps, failed ones not applied.</summary>
    public StoreModel StateAt(int prefix) =>
        StateAfter(prefix, 0, [.. Enumerable.Range(0, _ops.Count).Where(i => _outcomes[i] == OpOutcome.Failed)]);

    /// <summary>
    /// Checks that <paramref name="actual"/> is a state the store may hold when every step before
    /// <paramref name="mustHave"/> has to be there. Returns the matching state.
    /// </summary>
    public StoreModel AssertAllowed(StoreModel actual, int mustHave, string context) =>
        Match(actual, mustHave) ?? throw new FaultCheckException($"{context}: the store holds a state no crash can leave. {Describe(actual, StateAt(mustHave))}");

    /// <summary>The allowed state that <paramref name="actual"/> is, or null when it is none of them.</summary>
    public StoreModel? Match(StoreModel actual, int mustHave)
    {
        var maybes = Enumerable.Range(0, _ops.Count).Where(i => _outcomes[i] == OpOutcome.Failed && _ops[i].ChangesState).ToArray();
        if (maybes.Length > 8)
        {
            throw new InvalidOperationException("too many failed steps to enumerate");
        }

        for (var k = mustHave; k <= _ops.Count; k++)
        {
            for (var mask = 0; mask < 1 << maybes.Length; mask++)
            {
                var candidate = StateAfter(k, mask, maybes);
                if (candidate.SameAs(actual))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private StoreModel StateAfter(int prefix, int maybeMask, int[] maybes)
    {
        var model = Start.Clone();
        for (var i = 0; i < prefix; i++)
        {
            var outcome = _outcomes[i];
            var position = Array.IndexOf(maybes, i);
            var apply = outcome switch
            {
                OpOutcome.Refused => false,
                OpOutcome.Failed => position < 0 || (maybeMask & (1 << position)) != 0,
                _ => true,
            };
            if (apply)
            {
                model.Apply(_ops[i]);
            }
        }

        return model;
    }

    private string Describe(StoreModel actual, StoreModel required)
    {
        var missing = required.Versions.Where(kv => !actual.Versions.TryGetValue(kv.Key, out var v) || v != kv.Value)
            .Take(5).Select(kv => $"{kv.Key}@v{kv.Value} is {(actual.Versions.TryGetValue(kv.Key, out var v) ? "v" + v : "missing")}");
        var extra = actual.Versions.Where(kv => !required.Versions.ContainsKey(kv.Key)).Take(5).Select(kv => $"{kv.Key}@v{kv.Value}");
        var steps = string.Join("; ", Enumerable.Range(0, _ops.Count).Select(i => $"{i}:{_ops[i]}={_outcomes[i]}"));
        return $"Against the required state: wrong or missing [{string.Join(", ", missing)}], extra [{string.Join(", ", extra)}]; " +
               $"store has {actual.Count}, required state {required.Count}. Steps: {steps}";
    }
}
