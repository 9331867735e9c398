namespace VelesDb.Engine.Search;

/// <summary>
/// The squared norms of one generation's slots, each computed by the first cosine scan that
/// reaches the slot and then kept: a slot is written once per generation, so its norm never
/// changes. Later cosine scans then run the plain dot-product kernel and skip half the
/// arithmetic. Costs 4 bytes per slot handed out, and nothing until cosine is first searched.
/// </summary>
internal sealed class SlotNorms
{
    /// <summary>Beyond this many slots no cache is kept (arrays stop short of 2^31 elements).</summary>
    private const long MaxSlots = int.MaxValue / 2;

    private readonly object _growing = new();
    private float[] _norms = [];

    /// <summary>
    /// An array with an entry for each of the first <paramref name="slots"/> slots (NaN where not
    /// yet known), to read and fill during one scan; null when the store is too large to cache.
    /// Scans may fill the same entry at once: they write the same value. A fill that lands in an
    /// array replaced meanwhile by a larger one is lost, and merely computed again later.
    /// </summary>
    public float[]? Covering(long slots)
    {
        var norms = Volatile.Read(ref _norms);
        if (norms.Length >= slots)
        {
            return norms;
        }

        if (slots > MaxSlots)
        {
            return null;
        }

        lock (_growing)
        {
            norms = _norms;
            if (norms.Length < slots)
            {
                // A quarter of headroom, so a store that keeps growing does not copy on every search.
                var grown = new float[Math.Min(MaxSlots, Math.Max(slots, norms.Length + (norms.Length / 4)))];
                norms.CopyTo(grown, 0);
                grown.AsSpan(norms.Length).Fill(float.NaN);
                Volatile.Write(ref _norms, grown);
                norms = grown;
            }

            return norms;
        }
    }
}
