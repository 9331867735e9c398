namespace VelesDb.Engine.Mapping;

/// <summary>
/// One reference on a <see cref="MappedRegion"/>, dropped at most once however often it is let go.
/// A <see cref="VectorView"/> is a struct that callers may copy and dispose more than once; each
/// copy shares this one object, so only the first dispose releases, and a second can never take
/// the store's own reference and unmap a region that is still in use.
/// </summary>
internal sealed class RegionLease
{
    private MappedRegion? _region;

    /// <summary>Takes over a reference the caller already holds on <paramref name="region"/>.</summary>
    public RegionLease(MappedRegion region) => _region = region;

    /// <summary>Drops the reference the first time; does nothing afterwards.</summary>
    public void Release() => Interlocked.Exchange(ref _region, null)?.Release();
}
