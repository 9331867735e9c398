using VelesDb.Engine.Mapping;

namespace VelesDb.Engine;

/// <summary>
/// Zero-copy access to one stored vector, straight from the mapped file. The span stays valid,
/// even while the store grows or compacts, until <see cref="Dispose"/>; dispose it exactly once
/// (a <c>using</c> statement does). Zero-copy reads do not verify the slot checksum; copying reads do.
/// </summary>
public readonly ref struct VectorView
{
    private readonly MappedRegion? _region;

    internal VectorView(MappedRegion region, ReadOnlySpan<float> vector)
    {
        _region = region;
        Vector = vector;
    }

    /// <summary>The vector's components.</summary>
    public ReadOnlySpan<float> Vector { get; }

    /// <summary>Lets the mapping go; the span must not be used afterwards.</summary>
    public void Dispose() => _region?.Release();
}
