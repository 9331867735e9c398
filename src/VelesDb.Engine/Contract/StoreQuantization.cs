namespace VelesDb.Engine.Contract;

/// <summary>How a store keeps its vectors, as asked for at creation.</summary>
public enum StoreQuantization
{
    /// <summary>32-bit floats as given, so a read returns exactly what was added.</summary>
    None = 0,

    /// <summary>8-bit integers with a scale per vector: a quarter of the memory, approximate reads and scores.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The name users give with -Quantization Int8.")]
    Int8 = 1,
}
