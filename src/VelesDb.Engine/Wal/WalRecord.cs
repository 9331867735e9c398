using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace VelesDb.Engine.Wal;

/// <summary>What a log record does.</summary>
internal enum WalRecordKind : byte
{
    /// <summary>Vectors were written to new slots; the index now points the ids there.</summary>
    Put = 1,

    /// <summary>Ids were removed from the index.</summary>
    Delete = 2,

    /// <summary>
    /// A small Put that carries the slot bytes too, so one sync of the log makes it durable;
    /// replay writes the slots again from the log.
    /// </summary>
    PutInline = 3,
}

/// <summary>One id placed in one slot, with the slot's checksum so replay can tell a torn slot.</summary>
internal readonly record struct WalPut(ulong Id, long Slot, uint Checksum);

/// <summary>
/// One write-ahead-log record: one whole batch, so a batch is applied entirely or not at all.
/// A large batch's vector bytes are not in the log (they are written once, into their slots,
/// which are synced with the record); the log carries where they went and their checksum, so
/// replay drops a record whose slots did not reach the disk.
/// A small batch carries its slot bytes inline, so it costs a single sync. Integers little-endian.
/// <code>
/// | offset | size | field                                         |
/// |      0 |    4 | payload length P                              |
/// |      4 |    4 | CRC-32C of the payload                        |
/// |      8 |    8 | payload: sequence (previous record's + 1)     |
/// |     16 |    1 | payload: kind (1 = Put, 2 = Delete, 3 = PutInline); high bit set |
/// |        |      | when every record before it was synced when it was written    |
/// |     17 |    4 | payload: entry count N                        |
/// |     21 |      | Put: N × (id u64, slot u64, slot checksum u32) |
/// |        |      | Delete: N × (id u64)                          |
/// |        |      | PutInline: as Put, then N whole slots (<see cref="Format.SlotLayout"/>) |
/// </code>
/// </summary>
internal sealed record WalRecord(long Sequence, WalRecordKind Kind, WalPut[] Puts, ulong[] Deletes, byte[]? InlineSlots = null, bool FollowsDurableLog = false)
{
    private const byte FollowsDurableLogFlag = 0x80;
    public const int FrameHeaderSize = 8;

    /// <summary>
    /// The longest record, frame included: the log is read back one record at a time, and a record
    /// must fit in one buffer. A write whose record would be longer is refused before it is logged.
    /// </summary>
    public const int MaxFrameLength = 1 << 30;
    private const int PayloadHeaderSize = 13;
    private const int PutEntrySize = 20;
    private const int DeleteEntrySize = 8;

    /// <summary>The length of a Put record of <paramref name="count"/> entries, frame included, with <paramref name="inlineBytes"/> of slots inline.</summary>
    public static long PutLength(long count, long inlineBytes) => FrameHeaderSize + PayloadHeaderSize + (count * PutEntrySize) + inlineBytes;

    /// <summary>The length of a Delete record of <paramref name="count"/> ids, frame included.</summary>
    public static long DeleteLength(long count) => FrameHeaderSize + PayloadHeaderSize + (count * DeleteEntrySize);

    /// <summary>The most entries a record of <paramref name="maxLength"/> bytes holds at <paramref name="bytesPerEntry"/> each.</summary>
    public static long MaxEntries(long maxLength, int bytesPerEntry) => Math.Max(0, (maxLength - FrameHeaderSize - PayloadHeaderSize) / bytesPerEntry);

    /// <summary>Bytes a Put record spends per entry, besides any inline slot.</summary>
    public static int PutEntryLength => PutEntrySize;

    /// <summary>Bytes a Delete record spends per id.</summary>
    public static int DeleteEntryLength => DeleteEntrySize;

    /// <summary>A Put record; with <paramref name="inlineSlots"/> (the slots' bytes, in order) a PutInline.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] EncodePut(long sequence, bool followsDurableLog, ReadOnlySpan<WalPut> puts, ReadOnlySpan<byte> inlineSlots = default)
    {
        var kind = inlineSlots.IsEmpty ? WalRecordKind.Put : WalRecordKind.PutInline;
        var buffer = Allocate(sequence, kind, followsDurableLog, puts.Length, PutEntrySize, out var entries, inlineSlots.Length);
        inlineSlots.CopyTo(entries[(puts.Length * PutEntrySize)..]);
        for (var i = 0; i < puts.Length; i++)
        {
            var e = entries.Slice(i * PutEntrySize, PutEntrySize);
            BinaryPrimitives.WriteUInt64LittleEndian(e, puts[i].Id);
            BinaryPrimitives.WriteInt64LittleEndian(e[8..], puts[i].Slot);
            BinaryPrimitives.WriteUInt32LittleEndian(e[16..], puts[i].Checksum);
        }

        return Seal(buffer);
    }

    public static byte[] EncodeDelete(long sequence, bool followsDurableLog, ReadOnlySpan<ulong> ids)
    {
        var buffer = Allocate(sequence, WalRecordKind.Delete, followsDurableLog, ids.Length, DeleteEntrySize, out var entries);
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
    public static bool TryDecode(ReadOnlySpan<byte> source, int slotSize, out WalRecord? record, out int length)
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
        var kind = (WalRecordKind)(payload[8] & ~FollowsDurableLogFlag);
        var followsDurableLog = (payload[8] & FollowsDurableLogFlag) != 0;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(payload[9..]);
        var entries = payload[PayloadHeaderSize..];
        var isPut = kind is WalRecordKind.Put or WalRecordKind.PutInline;
        var entrySize = isPut ? PutEntrySize : kind == WalRecordKind.Delete ? DeleteEntrySize : 0;
        var inlineBytes = kind == WalRecordKind.PutInline ? (long)count * slotSize : 0;
        if (entrySize == 0 || ((long)count * entrySize) + inlineBytes != entries.Length)
        {
            return false;
        }

        var puts = isPut ? new WalPut[count] : [];
        var deletes = kind == WalRecordKind.Delete ? new ulong[count] : [];
        for (var i = 0; i < count; i++)
        {
            var e = entries.Slice(i * entrySize, entrySize);
            if (isPut)
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

        var inline = inlineBytes > 0 ? entries[(int)(count * entrySize)..].ToArray() : null;
        record = new WalRecord(sequence, kind, puts, deletes, inline, followsDurableLog);
        length = FrameHeaderSize + (int)payloadLength;
        return true;
    }

    private static byte[] Allocate(long sequence, WalRecordKind kind, bool followsDurableLog, int count, int entrySize, out Span<byte> entries, int extraBytes = 0)
    {
        var length = FrameHeaderSize + PayloadHeaderSize + ((long)count * entrySize) + extraBytes;
        if (length > MaxFrameLength)
        {
            // The store refuses such a batch before it gets here (BatchTooLargeException).
            throw new InvalidOperationException($"A log record of {length:N0} bytes is longer than the {MaxFrameLength:N0} one record may be.");
        }

        var buffer = new byte[length];
        var payload = buffer.AsSpan(FrameHeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
        payload[8] = (byte)((byte)kind | (followsDurableLog ? FollowsDurableLogFlag : 0));
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
