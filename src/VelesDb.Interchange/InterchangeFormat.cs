namespace VelesDb.Interchange;

/// <summary>The file formats records are exported to and imported from.</summary>
public enum InterchangeFormat
{
    /// <summary>One JSON object a line: key, vector, attributes (.jsonl, .ndjson).</summary>
    JsonLines,

    /// <summary>RFC 4180 CSV: a key column, the vector as one ';'-joined field, one column per attribute (.csv).</summary>
    Csv,

    /// <summary>A NumPy array of shape (N, D), float32 or float64 (.npy); keys in a companion file.</summary>
    Npy,

    /// <summary>TEXMEX float32 vectors, each after its dimension as an int32 (.fvecs).</summary>
    Fvecs,

    /// <summary>TEXMEX byte vectors (.bvecs).</summary>
    Bvecs,

    /// <summary>TEXMEX int32 vectors (.ivecs), as ground-truth neighbour lists are published.</summary>
    Ivecs,

    /// <summary>Apache Parquet: a key column, a list column of the vector, one column per attribute (.parquet).</summary>
    Parquet,
}
