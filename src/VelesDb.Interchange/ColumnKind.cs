namespace VelesDb.Interchange;

/// <summary>How an attribute column holds its values in a typed format (Parquet).</summary>
public enum ColumnKind
{
    /// <summary>Only strings.</summary>
    Text,

    /// <summary>Only integers that a 64-bit signed integer holds exactly, written as they are spelled.</summary>
    WholeNumber,

    /// <summary>Only numbers whose shortest double spelling is the one given.</summary>
    Number,

    /// <summary>Only true and false.</summary>
    TrueFalse,

    /// <summary>Anything else (nulls, arrays, objects, mixed kinds, numbers no double spells the same): the JSON text of each value.</summary>
    Json,
}
