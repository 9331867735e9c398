using VelesDb.Engine.Mapping;

namespace VelesDb.Engine;

/// <summary>
/// Zero-copy access to one stored vector, straight from the mapped file. The span stays valid,
/// even while the store grows or compacts, until <see cref="Dispose"/> (a <c>using</c> statement
/// disposes it). Disposing it again, or disposing a copy of it, does nothing more: the view and
/// all its copies hold one reference on the mapping between them. Zero-copy reads do not verify
/// the slot checksum; copying reads do.
/// </summary>
public readonly ref struct VectorView
{
    private readonly RegionLease? _lease;

    /// <summary>Takes over the caller's reference on <paramref name="region"/>.</summary>
    internal VectorView(MappedRegion region, ReadOnlySpan<float> vector)
    {
        _lease = new RegionLease(region);
        Vector = vector;
    }

    /// <summary>The vector's components.</summary>
    public ReadOnlySpan<float> Vector { get; }

    /// <summary>Lets the mapping go, once for the view and all its copies; the span must not be used afterwards.</summary>
    public void Dispose() => _lease?.Release();
}
