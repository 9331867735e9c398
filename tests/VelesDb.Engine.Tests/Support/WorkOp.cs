namespace VelesDb.Engine.Tests.Support;

/// <summary>One step of a workload. Puts and deletes change the stored state; the rest must not.</summary>
internal sealed record WorkOp(WorkKind Kind, ulong[] Ids, int Version = 0, long Amount = 0, bool Unsynced = false)
{
    // Not to be copied with `with`: a copy would keep these vectors under another version.
    private float[]? _vectors;

    /// <summary>The vectors of a put, made once: kill tests run the same steps hundreds of times.</summary>
    public float[] Vectors(int dimension)
    {
        var vectors = _vectors;
        if (vectors is null || vectors.Length != Ids.Length * dimension)
        {
            vectors = Payload.Batch(Ids, Version, dimension);
            _vectors = vectors;
        }

        return vectors;
    }

    private Dictionary<ulong, int>? _positions;

    /// <summary>The vector this put wrote for <paramref name="id"/> (its last occurrence), or empty when it wrote none.</summary>
    public ReadOnlySpan<float> VectorOf(ulong id, int dimension)
    {
        var positions = _positions;
        if (positions is null)
        {
            positions = [];
            for (var i = 0; i < Ids.Length; i++)
            {
                positions[Ids[i]] = i;
            }

            _positions = positions;
        }

        return Kind == WorkKind.Put && positions.TryGetValue(id, out var at) ? Vectors(dimension).AsSpan(at * dimension, dimension) : default;
    }

    public bool ChangesState => Kind is WorkKind.Put or WorkKind.Delete;

    public override string ToString() => Kind switch
    {
        WorkKind.Put => $"put v{Version} of {Ids.Length} ids{(Unsynced ? ", unsynced" : "")}",
        WorkKind.Delete => $"delete of {Ids.Length} ids{(Unsynced ? ", unsynced" : "")}",
        WorkKind.Reserve => $"reserve {Amount}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
