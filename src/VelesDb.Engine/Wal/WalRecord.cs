using System.Buffers.Binary;

namespace VelesDb.Engine.Wal;

/// <summary>What a log record does.</summary>
internal enum WalRecordKind : byte
{
    /// <summary>Vectors were written to new slots; the index now points the ids there.</summary>
    Put = 1,

    /// <summary>Ids were removed from the index.</summary>
    Delete = 2,
}

/// <summary>One id placed in one slot, with the slot's checksum so replay can tell a torn slot.</summary>
internal readonly record struct WalPut(ulong Id, long Slot, uint Checksum);

/// <summary>
/// One write-ahead-log record: one whole batch, so a batch is applied entirely or not at all.
/// The vector bytes are not in the log (they are written once, into their slot); the log
/// carries where they went and their checksum. All integers little-endian.
/// <code>
/// | offset | size | field                                         |
/// |      0 |    4 | payload length P                              |
/// |      4 |    4 | CRC-32C of the payload                        |
/// |      8 |    8 | payload: sequence (previous record's + 1)     |
/// |     16 |    1 | payload: kind (1 = Put, 2 = Delete)           |
/// |     17 |    4 | payload: entry count N                        |
/// |     21 |      | Put: N × (id u64, slot u64, slot CRC u32)     |
/// |        |      | Delete: N × (id u64)                          |
/// </code>
/// </summary>
internal sealed record WalRecord(long Sequence, WalRecordKind Kind, WalPut[] Puts, ulong[] Deletes)
{
    public const int FrameHeaderSize = 8;
    private const int PayloadHeaderSize = 13;
    private const int PutEntrySize = 20;
    private const int DeleteEntrySize = 8;

    public static byte[] EncodePut(long sequence, ReadOnlySpan<WalPut> puts)
    {
        var buffer = Allocate(sequence, WalRecordKind.Put, puts.Length, PutEntrySize, out var entries);
        for (var i = 0; i < puts.Length; i++)
        {
            var e = entries.Slice(i * PutEntrySize, PutEntrySize);
            BinaryPrimitives.WriteUInt64LittleEndian(e, puts[i].Id);
            BinaryPrimitives.WriteInt64LittleEndian(e[8..], puts[i].Slot);
            BinaryPrimitives.WriteUInt32LittleEndian(e[16..], puts[i].Checksum);
        }

        return Seal(buffer);
    }

    public static byte[] EncodeDelete(long sequence, ReadOnlySpan<ulong> ids)
    {
        var buffer = Allocate(sequence, WalRecordKind.Delete, ids.Length, DeleteEntrySize, out var entries);
        for (var i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entries[(i * DeleteEntrySize)..], ids[i]);
        }

        return Seal(buffer);
    }

    /// <summary>
    /// Decodes the record at the start of <paramref name="source"/>. Returns false (never throws)
    /// when the bytes are short, torn or fail their checksum: that is where the valid log ends.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<byte> source, out WalRecord? record, out int length)
    {
        record = null;
        length = 0;
        if (source.Length < FrameHeaderSize + PayloadHeaderSize)
        {
            return false;
        }

        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (payloadLength < PayloadHeaderSize || payloadLength > source.Length - FrameHeaderSize)
        {
            return false;
        }

        var payload = source.Slice(FrameHeaderSize, (int)payloadLength);
        if (BinaryPrimitives.ReadUInt32LittleEndian(source[4..]) != Format.Checksum.Compute(payload))
        {
            return false;
        }

        var sequence = BinaryPrimitives.ReadInt64LittleEndian(payload);
        var kind = (WalRecordKind)payload[8];
        var count = BinaryPrimitives.ReadUInt32LittleEndian(payload[9..]);
        var entries = payload[PayloadHeaderSize..];
        var entrySize = kind switch
        {
            WalRecordKind.Put => PutEntrySize,
            WalRecordKind.Delete => DeleteEntrySize,
            _ => 0,
        };
        if (entrySize == 0 || (long)count * entrySize != entries.Length)
        {
            return false;
        }

        var puts = kind == WalRecordKind.Put ? new WalPut[count] : [];
        var deletes = kind == WalRecordKind.Delete ? new ulong[count] : [];
        for (var i = 0; i < count; i++)
        {
            var e = entries.Slice(i * entrySize, entrySize);
            if (kind == WalRecordKind.Put)
            {
                puts[i] = new WalPut(
                    BinaryPrimitives.ReadUInt64LittleEndian(e),
                    BinaryPrimitives.ReadInt64LittleEndian(e[8..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(e[16..]));
            }
            else
            {
                deletes[i] = BinaryPrimitives.ReadUInt64LittleEndian(e);
            }
        }

        record = new WalRecord(sequence, kind, puts, deletes);
        length = FrameHeaderSize + (int)payloadLength;
        return true;
    }

    private static byte[] Allocate(long sequence, WalRecordKind kind, int count, int entrySize, out Span<byte> entries)
    {
        var buffer = new byte[FrameHeaderSize + PayloadHeaderSize + (count * entrySize)];
        var payload = buffer.AsSpan(FrameHeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
        payload[8] = (byte)kind;
        BinaryPrimitives.WriteInt32LittleEndian(payload[9..], count);
        entries = payload[PayloadHeaderSize..];
        return buffer;
    }

    private static byte[] Seal(byte[] buffer)
    {
        var payload = buffer.AsSpan(FrameHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), Format.Checksum.Compute(payload));
        return buffer;
    }
}
