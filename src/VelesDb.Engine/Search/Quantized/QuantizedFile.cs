using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using VelesDb.Engine.Format;

namespace VelesDb.Engine.Search.Quantized;

/// <summary>
/// The int8 quantized copy of one generation's vectors, <c>vectors.NNNNNN.q8</c>: derived data,
/// never trusted over the f32 data file. Every record checks itself and names the f32 slot it was
/// made from, so a crash, a torn or lost write, a bit flip or writes the copy has not seen are
/// found record by record and that record is made again from the f32 slot. The file is never
/// synced: whatever a crash or a power cut leaves of it is checked the same way. All integers
/// little-endian.
/// <code>
/// | offset         | size | field                                                            |
/// |              0 |    8 | magic "VELESQ08"                                                 |
/// |              8 |    4 | format version (1)                                               |
/// |             12 |    4 | dimension d                                                      |
/// |             16 |    8 | generation: the data file the records are slots of               |
/// |             24 |    4 | record size R = 32 + d rounded up to 16                          |
/// |             28 |    4 | header size H (a multiple of 4096)                               |
/// |             32 |  4*d | the centre μ, float32: records quantize x − μ                    |
/// |         32+4*d |    4 | CRC-32C of bytes 0..32+4*d                                       |
/// |        H + n*R |    R | the record of slot n:                                            |
/// |             +0 |    4 | checksum: low 32 bits of XXH3-64 of bytes 4..R, seeded with the slot and generation |
/// |             +4 |    4 | the f32 slot's stored checksum: ties the record to the vector it was made from |
/// |             +8 |    4 | scale s: x − μ ≈ s·code                                         |
/// |            +12 |    4 | N = s·‖code‖₂, rounded up                                        |
/// |            +16 |    4 | E = ‖(x − μ) − s·code‖₂, the rounding error, rounded up           |
/// |            +20 |    4 | ‖x‖₂                                                             |
/// |            +24 |    4 | ‖x − μ‖₂²                                                        |
/// |            +28 |    4 | Σ code, int32 (the kernel's query offset is taken off with it)  |
/// |            +32 |  R-32 | the codes, int8 in −127..127, then zero padding                 |
/// </code>
/// N and E bound the error of a quantized dot product (Cauchy–Schwarz), which is what lets the scan
/// keep every slot that could be in the exact top-k (see <see cref="QuantizedScan"/>).
/// </summary>
internal static class QuantizedFile
{
    public const string Magic = "VELESQ08";
    public const int Version = 1;
    public const int RecordHeadSize = 32;
    private const int FixedHeaderSize = 32;

    public static int RecordSize(int dimension) => RecordHeadSize + PaddedCodes(dimension);

    public static int PaddedCodes(int dimension) => (dimension + 15) & ~15;

    public static int HeaderSize(int dimension) => (FixedHeaderSize + (4 * dimension) + 4 + 4095) & ~4095;

    public static byte[] EncodeHeader(int dimension, long generation, ReadOnlySpan<float> centre)
    {
        var header = new byte[HeaderSize(dimension)];
        Encoding.ASCII.GetBytes(Magic, header.AsSpan(0, 8));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), Version);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), dimension);
        BinaryPrimitives.WriteInt64LittleEndian(header.AsSpan(16), generation);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24), RecordSize(dimension));
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(28), header.Length);
        MemoryMarshal.AsBytes(centre).CopyTo(header.AsSpan(FixedHeaderSize));
        var crcAt = FixedHeaderSize + (4 * dimension);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(crcAt), Checksum.Compute(header.AsSpan(0, crcAt)));
        return header;
    }

    /// <summary>The centre a header holds, or null when it is not a sound header of this generation and dimension.</summary>
    public static float[]? TryReadHeader(ReadOnlySpan<byte> header, int dimension, long generation)
    {
        var crcAt = FixedHeaderSize + (4 * dimension);
        if (header.Length < HeaderSize(dimension)
            || Encoding.ASCII.GetString(header[..8]) != Magic
            || BinaryPrimitives.ReadUInt32LittleEndian(header[crcAt..]) != Checksum.Compute(header[..crcAt])
            || BinaryPrimitives.ReadInt32LittleEndian(header[8..]) != Version
            || BinaryPrimitives.ReadInt32LittleEndian(header[12..]) != dimension
            || BinaryPrimitives.ReadInt64LittleEndian(header[16..]) != generation
            || BinaryPrimitives.ReadInt32LittleEndian(header[24..]) != RecordSize(dimension)
            || BinaryPrimitives.ReadInt32LittleEndian(header[28..]) != HeaderSize(dimension))
        {
            return null;
        }

        var centre = MemoryMarshal.Cast<byte, float>(header.Slice(FixedHeaderSize, 4 * dimension)).ToArray();
        return Array.TrueForAll(centre, float.IsFinite) ? centre : null;
    }

    /// <summary>Fills <paramref name="record"/> for slot <paramref name="slot"/> from its f32 vector.</summary>
    public static void Encode(Span<byte> record, long slot, long generation, uint slotChecksum, ReadOnlySpan<float> vector, ReadOnlySpan<float> centre)
    {
        record.Clear();
        var codes = MemoryMarshal.Cast<byte, sbyte>(record[RecordHeadSize..]);
        var q = QuantizedVector.Quantize(vector, centre, codes);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], slotChecksum);
        BinaryPrimitives.WriteSingleLittleEndian(record[8..], q.Scale);
        BinaryPrimitives.WriteSingleLittleEndian(record[12..], q.CodeNorm);
        BinaryPrimitives.WriteSingleLittleEndian(record[16..], q.ErrorNorm);
        BinaryPrimitives.WriteSingleLittleEndian(record[20..], q.Norm);
        BinaryPrimitives.WriteSingleLittleEndian(record[24..], q.CentredSquaredNorm);
        BinaryPrimitives.WriteInt32LittleEndian(record[28..], q.CodeSum);
        BinaryPrimitives.WriteUInt32LittleEndian(record, ComputeChecksum(record, slot, generation));
    }

    /// <summary>True when the record checks itself and was made from the f32 slot whose stored checksum is <paramref name="slotChecksum"/>.</summary>
    public static bool IsSound(ReadOnlySpan<byte> record, long slot, long generation, uint slotChecksum) =>
        BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) == slotChecksum
        && BinaryPrimitives.ReadUInt32LittleEndian(record) == ComputeChecksum(record, slot, generation);

    private static uint ComputeChecksum(ReadOnlySpan<byte> record, long slot, long generation) =>
        (uint)XxHash3.HashToUInt64(record[4..], (generation << 40) ^ slot);
}
