using System.Buffers.Binary;
using System.IO.Hashing;
using VelesDb.Engine.Format;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// Rewrites the checksums of a store file after a deliberate change, so a test (or the fuzzer)
/// gets past the checksums to the checks behind them: what a hostile file, not bit rot, looks like.
/// </summary>
internal static class Forge
{
    public static void SealHeader(Span<byte> file)
    {
        if (file.Length >= FileHeader.Size)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(file[32..], Checksum.Compute(file[..32]));
        }
    }

    /// <summary>Seals an index: header, table checksum (XXH3 at 56, as far as its capacity says), fixed part (CRC at 64).</summary>
    public static void SealIndex(Span<byte> file)
    {
        SealHeader(file);
        if (file.Length < 72)
        {
            return;
        }

        var capacity = BinaryPrimitives.ReadInt32LittleEndian(file[52..]);
        if (capacity >= 0 && 72 + (12L * capacity) <= file.Length)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(file[56..], XxHash3.HashToUInt64(file.Slice(72, 12 * capacity)));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(file[64..], Checksum.Compute(file[36..64]));
        SealIndexRecords(file, 72 + (12L * capacity));
    }

    /// <summary>Seals a version-2 index's record section at <paramref name="at"/>: its records' XXH3 (as far as its length says) and its head's CRC.</summary>
    private static void SealIndexRecords(Span<byte> file, long at)
    {
        if (BinaryPrimitives.ReadInt32LittleEndian(file[8..]) < 2 || at < 72 || at + 24 > file.Length)
        {
            return;
        }

        var head = file.Slice((int)at, 24);
        var length = BinaryPrimitives.ReadInt64LittleEndian(head);
        if (length >= 0 && at + 24 + length <= file.Length)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(head[12..], XxHash3.HashToUInt64(file.Slice((int)at + 24, (int)length)));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(head[20..], Checksum.Compute(head[..20]));
    }

    /// <summary>Seals a log: header, then every frame whose length fits, as far as the frames go.</summary>
    public static void SealLog(Span<byte> file)
    {
        SealHeader(file);
        var offset = 64;
        while (offset + 8 <= file.Length)
        {
            var length = BinaryPrimitives.ReadUInt32LittleEndian(file[offset..]);
            if (length > file.Length - offset - 8)
            {
                break;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(file[(offset + 4)..], Checksum.Compute(file.Slice(offset + 8, (int)length)));
            offset += 8 + (int)length;
        }
    }

    public static void Seal(string name, Span<byte> file)
    {
        if (name == StorePaths.IndexFileName)
        {
            SealIndex(file);
        }
        else if (name == StorePaths.WalFileName)
        {
            SealLog(file);
        }
        else
        {
            SealHeader(file);
        }
    }
}
