using System.Buffers.Binary;
using VelesDb.Engine.Format;

namespace VelesDb.Engine.Tests.Faults.Support;

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

    /// <summary>Seals an index: header, fixed part (bytes 36..51) and, as far as its count says, the entries.</summary>
    public static void SealIndex(Span<byte> file)
    {
        SealHeader(file);
        if (file.Length < 56)
        {
            return;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(file[52..], Checksum.Compute(file[36..52]));
        var count = BinaryPrimitives.ReadInt64LittleEndian(file[44..]);
        if (count >= 0 && file.Length >= 60 && count <= (file.Length - 60) / 16)
        {
            var end = 56 + (int)(count * 16);
            BinaryPrimitives.WriteUInt32LittleEndian(file[end..], Checksum.Compute(file[56..end]));
        }
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
