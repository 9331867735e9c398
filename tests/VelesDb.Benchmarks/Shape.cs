namespace VelesDb.Benchmarks;

/// <summary>A store size to benchmark at: how many vectors of how many floats.</summary>
internal sealed record Shape(int Count, int Dimension)
{
    public string Name => $"{Count:N0} × {Dimension}";

    /// <summary>Bytes of vector data alone (ids and headers not counted): what "the raw payload" means in the report.</summary>
    public long PayloadBytes => (long)Count * Dimension * sizeof(float);
}
