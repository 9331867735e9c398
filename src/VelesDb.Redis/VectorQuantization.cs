namespace VelesDb.Redis;

/// <summary>How the server keeps vectors. Unquantized is the default, so a read returns exactly what was added.</summary>
public enum VectorQuantization
{
    /// <summary>32-bit floats as given (NOQUANT).</summary>
    None = 0,

    /// <summary>8-bit integers with a scale per vector (Q8): a quarter of the memory, approximate reads and scores.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The name users give with -Quantization Int8.")]
    Int8 = 1,
}
