namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// What a store should hold: id → version, with an order-independent hash so a recovered store
/// can be matched against many candidate states cheaply.
/// </summary>
internal sealed class StoreModel
{
    private readonly Dictionary<ulong, int> _versions;

    public StoreModel() => _versions = [];

    private StoreModel(Dictionary<ulong, int> versions, ulong hash)
    {
        _versions = new Dictionary<ulong, int>(versions);
        Hash = hash;
    }

    public ulong Hash { get; private set; }

    public int Count => _versions.Count;

    public IReadOnlyDictionary<ulong, int> Versions => _versions;

    public StoreModel Clone() => new(_versions, Hash);

    public void Apply(WorkOp op)
    {
        foreach (var id in op.Ids)
        {
            if (op.Kind == WorkKind.Put)
            {
                Set(id, op.Version);
            }
            else if (op.Kind == WorkKind.Delete)
            {
                Remove(id);
            }
        }
    }

    public void Set(ulong id, int version)
    {
        Remove(id);
        _versions[id] = version;
        Hash += Payload.Mix(id, version);
    }

    public void Remove(ulong id)
    {
        if (_versions.Remove(id, out var old))
        {
            Hash -= Payload.Mix(id, old);
        }
    }

    public bool SameAs(StoreModel other) =>
        Hash == other.Hash && Count == other.Count && _versions.All(kv => other._versions.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>
    /// Reads every vector of an open store back. Fails when a vector is torn (matches no version
    /// of its id bit for bit) or when a listed id cannot be read.
    /// </summary>
    public static StoreModel ReadFrom(MmapVectorStore store, IReadOnlyDictionary<int, WorkOp>? writers = null)
    {
        var model = new StoreModel();
        var buffer = new float[store.Dimension];
        foreach (var id in store.Ids())
        {
            if (!store.TryRetrieve(id, buffer))
            {
                throw new FaultCheckException($"id {id} is listed but cannot be read");
            }

            // The put that wrote a version keeps its vectors: comparing with them is cheaper than making them again.
            var claimed = (int)buffer[0];
            var version = writers is not null && writers.TryGetValue(claimed, out var writer) && buffer[0] == claimed && !writer.VectorOf(id, store.Dimension).IsEmpty
                ? (buffer.AsSpan().SequenceEqual(writer.VectorOf(id, store.Dimension)) ? claimed : (int?)null)
                : Payload.Decode(id, buffer);
            model.Set(id, version ?? throw new FaultCheckException($"vector {id} is torn: it matches no version that was ever written for it"));
        }

        if (model.Count != store.Count)
        {
            throw new FaultCheckException($"the store counts {store.Count} vectors but lists {model.Count}");
        }

        return model;
    }
}
