using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace VelesDb.Engine.Format;

/// <summary>
/// The data file: a header page, then fixed-size slots written once each and never rewritten
/// (an overwrite takes a new slot; compaction moves live slots into a new file).
/// <code>
/// | offset             | size      | field                                          |
/// |                  0 | 4096      | <see cref="FileHeader"/> ("VELESDAT"), rest zero |
/// | 4096 + n*SlotSize  | 4         | slot n: checksum of bytes 8..end (low 32 bits of XXH3-64) |
/// |            + 4     | 4         | zero                                           |
/// |            + 8     | 8         | vector id                                      |
/// |            + 16    | 4*dim     | the vector, float32                            |
/// </code>
/// The page-sized header keeps every vector 16-byte aligned when the dimension is a multiple of 4.
/// The slot checksum is XXH3 (System.IO.Hashing), not CRC-32C: copying reads verify it every
/// time, and over a few kilobytes XXH3 is several times faster.
/// </summary>
internal readonly struct SlotLayout
{
    public const int DataStart = 4096;
    public const int SlotHeaderSize = 16;

    public SlotLayout(int dimension)
    {
        Dimension = dimension;
        VectorBytes = dimension * sizeof(float);
        SlotSize = SlotHeaderSize + VectorBytes;
    }

    public int Dimension { get; }

    public int VectorBytes { get; }

    public int SlotSize { get; }

    public long OffsetOf(long slot) => DataStart + (slot * SlotSize);

    public long FileLengthFor(long slots) => OffsetOf(slots);

    /// <summary>Fills <paramref name="slot"/> with id, checksum and vector; returns the checksum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public uint Write(Span<byte> slot, ulong id, ReadOnlySpan<float> vector)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(slot[8..], id);
        MemoryMarshal.AsBytes(vector).CopyTo(slot[SlotHeaderSize..]);
        var checksum = ComputeChecksum(slot);
        BinaryPrimitives.WriteUInt32LittleEndian(slot, checksum);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[4..], 0);
        return checksum;
    }

    public static ulong ReadId(ReadOnlySpan<byte> slot) => BinaryPrimitives.ReadUInt64LittleEndian(slot[8..]);

    public static uint ReadChecksum(ReadOnlySpan<byte> slot) => BinaryPrimitives.ReadUInt32LittleEndian(slot);

    public ReadOnlySpan<float> Vector(ReadOnlySpan<byte> slot) =>
        MemoryMarshal.Cast<byte, float>(slot.Slice(SlotHeaderSize, VectorBytes));

    /// <summary>The checksum over the id and the vector, as stored in the slot.</summary>
    public uint ComputeChecksum(ReadOnlySpan<byte> slot) => (uint)XxHash3.HashToUInt64(slot[8..SlotSize]);

    /// <summary>True when the slot holds <paramref name="id"/> and its bytes match its stored checksum.</summary>
    public bool Holds(ReadOnlySpan<byte> slot, ulong id) => ReadId(slot) == id && ComputeChecksum(slot) == ReadChecksum(slot);

    /// <summary>As <see cref="Holds"/>, and the stored checksum is the one a log record named.</summary>
    public bool IsIntact(ReadOnlySpan<byte> slot, ulong id, uint expectedChecksum) =>
        ReadChecksum(slot) == expectedChecksum && Holds(slot, id);
}
