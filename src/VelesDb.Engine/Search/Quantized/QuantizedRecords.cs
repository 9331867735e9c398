namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// A generation's quantized records in memory, in chunks of 2^15 slots laid out as the file lays
/// them out (<see cref="QuantizedFile"/>), so loading is a read into the chunks. One writer at a time
/// (the copy's lock) fills records at and after <see cref="Covered"/>, then publishes the new count;
/// scans read only records below the count they saw, which are never written again.
/// </summary>
internal sealed class QuantizedRecords(int dimension, float[] centre)
{
    public const int ChunkShift = 15;
    private const long ChunkMask = (1L << ChunkShift) - 1;
    private byte[][] _chunks = [];
    private long _covered;

    public int Dimension { get; } = dimension;

    public int RecordSize { get; } = QuantizedFile.RecordSize(dimension);

    /// <summary>The centre μ the records quantize around.</summary>
    public float[] Centre { get; } = centre;

    /// <summary>Slots below this have a record made from (or checked against) their f32 vector, where they were live when it was made.</summary>
    public long Covered => Volatile.Read(ref _covered);

    /// <summary>Bytes held in memory.</summary>
    public long Bytes => (long)Volatile.Read(ref _chunks).Length * RecordSize << ChunkShift;

    public void Publish(long covered) => Volatile.Write(ref _covered, covered);

    /// <summary>Allocates the chunks that slots below <paramref name="slots"/> fall in.</summary>
    public void EnsureRoom(long slots)
    {
        var needed = (int)((slots + ChunkMask) >> ChunkShift);
        var chunks = _chunks;
        if (needed <= chunks.Length)
        {
            return;
        }

        var grown = new byte[needed][];
        chunks.CopyTo(grown, 0);
        for (var i = chunks.Length; i < needed; i++)
        {
            grown[i] = GC.AllocateUninitializedArray<byte>(RecordSize << ChunkShift);
            grown[i].AsSpan().Clear();
        }

        Volatile.Write(ref _chunks, grown);
    }

    /// <summary>The chunk that holds slot <paramref name="slot"/>'s record, at <see cref="OffsetInChunk"/>.</summary>
    public byte[] ChunkOf(long slot) => Volatile.Read(ref _chunks)[slot >> ChunkShift];

    public int OffsetInChunk(long slot) => (int)(slot & ChunkMask) * RecordSize;

    public Span<byte> Record(long slot) =>
        Volatile.Read(ref _chunks)[slot >> ChunkShift].AsSpan((int)(slot & ChunkMask) * RecordSize, RecordSize);

    /// <summary>The records of <paramref name="count"/> slots from <paramref name="first"/>, which must lie in one chunk.</summary>
    public Span<byte> Run(long first, int count) =>
        Volatile.Read(ref _chunks)[first >> ChunkShift].AsSpan((int)(first & ChunkMask) * RecordSize, count * RecordSize);

    /// <summary>How many slots from <paramref name="first"/> up to <paramref name="end"/> lie in <paramref name="first"/>'s chunk.</summary>
    public static int RunLength(long first, long end) => (int)Math.Min(end - first, (1L << ChunkShift) - (first & ChunkMask));
}
