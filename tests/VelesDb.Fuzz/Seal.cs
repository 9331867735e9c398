using System.Buffers.Binary;
using System.Numerics;

/// <summary>
/// Recomputes the CRC-32C checksums of a store file, so AFL's mutations get past them to the
/// checks behind (the "-sealed" targets): a checksum stops bit rot, not a file that lies.
/// The layouts are the engine's (FileHeader, IndexCheckpoint, WalRecord).
/// </summary>
internal static class Seal
{
    public static void File(string target, Span<byte> file)
    {
        if (file.Length >= 36)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file[32..], Crc(file[..32]));
        }

        if (target.StartsWith("index", StringComparison.Ordinal) && file.Length >= 60)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file[52..], Crc(file[36..52]));
            var count = BinaryPrimitives.ReadInt64LittleEndian(file[44..]);
            if (count >= 0 && count <= (file.Length - 60) / 16)
            {
                var end = 56 + (int)(count * 16);
                BinaryPrimitives.WriteUInt32LittleEndian(file[end..], Crc(file[56..end]));
            }
        }
        else if (target.StartsWith("wal", StringComparison.Ordinal))
        {
            var offset = 64;
            while (offset + 8 <= file.Length)
            {
                var length = BinaryPrimitives.ReadUInt32LittleEndian(file[offset..]);
                if (length > file.Length - offset - 8)
                {
                    break;
                }

                BinaryPrimitives.WriteUInt32LittleEndian(file[(offset + 4)..], Crc(file.Slice(offset + 8, (int)length)));
                offset += 8 + (int)length;
            }
        }
    }

    private static uint Crc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFF_FFFFu;
        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
