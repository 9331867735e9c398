namespace VelesDb.Engine.Contract;

/// <summary>A stored record as read back: its key and a copy of its vector.</summary>
/// <param name="Key">The record's key.</param>
/// <param name="Vector">The vector's components; the caller owns the array.</param>
public sealed record VectorRecord(RecordKey Key, float[] Vector);
