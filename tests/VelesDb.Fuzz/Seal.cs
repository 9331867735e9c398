using System.Buffers.Binary;
using System.IO.Hashing;
using System.Numerics;

/// <summary>
/// Recomputes the CRC-32C checksums of a store file, so AFL's mutations get past them to the
/// checks behind (the "-sealed" targets): a checksum stops bit rot, not a file that lies.
/// The layouts are the engine's (FileHeader, IndexCheckpoint: CRC-32C of bytes 36..63 at 64 and
/// XXH3 of the table at 56; WalRecord).
/// </summary>
internal static class Seal
{
    public static void File(string target, Span<byte> file)
    {
        if (file.Length >= 36)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file[32..], Crc(file[..32]));
        }

        if (target.StartsWith("index", StringComparison.Ordinal) && file.Length >= 72)
        {
            var capacity = BinaryPrimitives.ReadInt32LittleEndian(file[52..]);
            if (capacity >= 0 && 72 + (12L * capacity) <= file.Length)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(file[56..], XxHash3.HashToUInt64(file.Slice(72, 12 * capacity)));
            }

            BinaryPrimitives.WriteUInt32LittleEndian(file[64..], Crc(file[36..64]));
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
