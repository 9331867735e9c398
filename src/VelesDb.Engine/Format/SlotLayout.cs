using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VelesDb.Engine.Format;

/// <summary>
/// The data file: a header page, then fixed-size slots written once each and never rewritten
/// (an overwrite takes a new slot; compaction moves live slots into a new file).
/// <code>
/// | offset             | size      | field                                          |
/// |                  0 | 4096      | <see cref="FileHeader"/> ("VELESDAT"), rest zero |
/// | 4096 + n*SlotSize  | 8         | slot n: vector id                              |
/// |            + 8     | 4         | CRC-32C of the id bytes and the vector bytes   |
/// |            + 12    | 4         | zero                                           |
/// |            + 16    | 4*dim     | the vector, float32                            |
/// </code>
/// The page-sized header keeps every vector 16-byte aligned when the dimension is a multiple of 4.
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
    public uint Write(Span<byte> slot, ulong id, ReadOnlySpan<float> vector)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(slot, id);
        var vectorBytes = MemoryMarshal.AsBytes(vector);
        vectorBytes.CopyTo(slot[SlotHeaderSize..]);
        var crc = ComputeChecksum(slot);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[8..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(slot[12..], 0);
        return crc;
    }

    public static ulong ReadId(ReadOnlySpan<byte> slot) => BinaryPrimitives.ReadUInt64LittleEndian(slot);

    public static uint ReadChecksum(ReadOnlySpan<byte> slot) => BinaryPrimitives.ReadUInt32LittleEndian(slot[8..]);

    public ReadOnlySpan<float> Vector(ReadOnlySpan<byte> slot) =>
        MemoryMarshal.Cast<byte, float>(slot.Slice(SlotHeaderSize, VectorBytes));

    /// <summary>The checksum over the id and the vector, as stored in the slot.</summary>
    public uint ComputeChecksum(ReadOnlySpan<byte> slot)
    {
        var state = Checksum.Append(Checksum.Start, slot[..8]);
        return Checksum.Finish(Checksum.Append(state, slot.Slice(SlotHeaderSize, VectorBytes)));
    }

    /// <summary>True when the slot holds <paramref name="id"/> and its bytes match the stored checksum.</summary>
    public bool IsIntact(ReadOnlySpan<byte> slot, ulong id, uint expectedChecksum) =>
        ReadId(slot) == id && ReadChecksum(slot) == expectedChecksum && ComputeChecksum(slot) == expectedChecksum;
}
