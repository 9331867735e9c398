namespace VelesDb.Engine.Contract;

/// <summary>A stored record as read back: its key, a copy of its vector, and its attributes.</summary>
/// <param name="Key">The record's key.</param>
/// <param name="Vector">The vector's components; the caller owns the array. Empty when the read asked for no vectors (<see cref="ReadOptions.Vectors"/>).</param>
/// <param name="Attributes">The record's attributes (<see cref="RecordAttributes.Empty"/> when it has none); null when the read asked for none (<see cref="ReadOptions.Attributes"/>).</param>
public sealed record VectorRecord(RecordKey Key, float[] Vector, RecordAttributes? Attributes = null);
