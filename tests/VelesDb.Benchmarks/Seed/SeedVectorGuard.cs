namespace VelesDb.Benchmarks.Seed;

/// <summary>The seed's <c>VectorSliceGuard</c>: a vector in the map, with the map's read lock held until disposed.</summary>
internal readonly ref struct SeedVectorGuard
{
    private readonly ReaderWriterLockSlim? _mapLock;

    public SeedVectorGuard(ReaderWriterLockSlim mapLock, ReadOnlySpan<float> vector)
    {
        _mapLock = mapLock;
        Vector = vector;
    }

    public ReadOnlySpan<float> Vector { get; }

    public void Dispose() => _mapLock?.ExitReadLock();
}
