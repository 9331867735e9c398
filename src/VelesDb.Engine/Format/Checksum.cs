using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace VelesDb.Engine.Format;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of every log record and file header. Computed with the
/// processor's CRC32 instruction through <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// (System.IO.Hashing offers only the IEEE polynomial).
/// </summary>
internal static class Checksum
{
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Start, data));

    public const uint Start = 0xFFFF_FFFFu;

    public static uint Finish(uint state) => ~state;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        var crc = state;
        while (data.Length >= 32)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[8..]));
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[16..]));
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[24..]));
            data = data[32..];
        }

        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }
}
