using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Index;

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

    /// <summary>Records were removed by key: integer ids and text keys.</summary>
    DeleteKeys = 4,
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
/// |     16 |    1 | payload: kind in the low 6 bits (1 = Put, 2 = Delete, 3 = PutInline, |
/// |        |      | 4 = DeleteKeys); bit 7 set when every record before it was synced |
/// |        |      | when it was written; bit 6 set when a Put carries record metadata |
/// |     17 |    4 | payload: entry count N                        |
/// |     21 |      | Put: N × (id u64, slot u64, slot checksum u32) |
/// |        |      | Delete: N × (id u64)                          |
/// |        |      | PutInline: as Put, then N whole slots (<see cref="Format.SlotLayout"/>) |
/// |        |      | DeleteKeys: N × (key length K u16, then K = 0: id u64, else K bytes of UTF-8 text) |
/// |        |      | Put or PutInline with bit 6: then N × (key length K u16, attributes |
/// |        |      | length A u32, K bytes of text key, A bytes of compact JSON); K = 0 for |
/// |        |      | an integer key (the entry's id), A = 0 for no attributes. A text key's |
/// |        |      | entry id is <see cref="RecordMeta.SlotIdOf"/> of the key.      |
/// </code>
/// Format version 1 knew kinds 1 to 3 without bit 6; version 2 adds the metadata and DeleteKeys.
/// </summary>
internal sealed record WalRecord(long Sequence, WalRecordKind Kind, WalPut[] Puts, ulong[] Deletes, byte[]? InlineSlots = null, bool FollowsDurableLog = false)
{
    private const byte FollowsDurableLogFlag = 0x80;
    private const byte MetaFlag = 0x40;
    private const byte KindMask = 0x3F;
    private const int MetaHeaderSize = 6;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Each put's metadata (null: an integer key without attributes); null when the record carries none.</summary>
    public RecordMeta?[]? Metas { get; init; }

    /// <summary>The keys a DeleteKeys record removes; null for other kinds.</summary>
    public RecordKey[]? DeletedKeys { get; init; }
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

    /// <summary>Bytes the metadata of one put takes in a record.</summary>
    public static int MetaLength(RecordMeta? meta) => MetaHeaderSize + (meta is null ? 0 : meta.KeyUtf8.Length + meta.AttributeBytes);

    /// <summary>Bytes one key takes in a DeleteKeys record.</summary>
    public static int DeletedKeyLength(RecordKey key) => 2 + (key.IsText ? StrictUtf8.GetByteCount(key.Text!) : 8);

    /// <summary>The length of a DeleteKeys record whose keys take <paramref name="keyBytes"/>, frame included.</summary>
    public static long DeleteKeysLength(long keyBytes) => FrameHeaderSize + PayloadHeaderSize + keyBytes;

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
    public static byte[] EncodePut(long sequence, bool followsDurableLog, ReadOnlySpan<WalPut> puts, ReadOnlySpan<byte> inlineSlots = default) =>
        EncodePut(sequence, followsDurableLog, puts, inlineSlots, default);

    /// <summary>As the other overload; with <paramref name="metas"/> (one per put) the record carries each put's key text and attributes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static byte[] EncodePut(long sequence, bool followsDurableLog, ReadOnlySpan<WalPut> puts, ReadOnlySpan<byte> inlineSlots, ReadOnlySpan<RecordMeta?> metas)
    {
        var (buffer, length) = EncodePut(sequence, followsDurableLog, puts, inlineSlots, metas, pooled: false);
        return buffer.Length == length ? buffer : buffer[..length];
    }

    /// <summary>
    /// As <see cref="EncodePut(long, bool, ReadOnlySpan{WalPut}, ReadOnlySpan{byte}, ReadOnlySpan{RecordMeta})"/>,
    /// into a buffer rented from <see cref="ArrayPool{T}.Shared"/> (the record is its first
    /// <c>Length</c> bytes), which the caller returns. A batch of records with attributes makes a
    /// record of hundreds of kilobytes: allocating one per batch would put it on the large object
    /// heap, whose collections walk every record the store keeps in memory.
    /// </summary>
    public static (byte[] Buffer, int Length) EncodePutPooled(long sequence, bool followsDurableLog, ReadOnlySpan<WalPut> puts, ReadOnlySpan<byte> inlineSlots, ReadOnlySpan<RecordMeta?> metas) =>
        EncodePut(sequence, followsDurableLog, puts, inlineSlots, metas, pooled: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (byte[] Buffer, int Length) EncodePut(long sequence, bool followsDurableLog, ReadOnlySpan<WalPut> puts, ReadOnlySpan<byte> inlineSlots, ReadOnlySpan<RecordMeta?> metas, bool pooled)
    {
        var kind = inlineSlots.IsEmpty ? WalRecordKind.Put : WalRecordKind.PutInline;
        var metaBytes = 0L;
        foreach (var meta in metas)
        {
            metaBytes += MetaLength(meta);
        }

        var buffer = Allocate(sequence, kind, followsDurableLog, puts.Length, PutEntrySize, out var entries, checked((int)(inlineSlots.Length + metaBytes)), pooled);
        inlineSlots.CopyTo(entries[(puts.Length * PutEntrySize)..]);
        if (!metas.IsEmpty)
        {
            buffer[FrameHeaderSize + 8] |= MetaFlag;
            var at = entries[((puts.Length * PutEntrySize) + inlineSlots.Length)..];
            foreach (var meta in metas)
            {
                var key = meta?.KeyUtf8 ?? [];
                var attributes = meta?.Attributes is { } a ? a.Utf8.Span : default;
                BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)key.Length);
                BinaryPrimitives.WriteInt32LittleEndian(at[2..], attributes.Length);
                key.CopyTo(at[MetaHeaderSize..]);
                attributes.CopyTo(at[(MetaHeaderSize + key.Length)..]);
                at = at[(MetaHeaderSize + key.Length + attributes.Length)..];
            }
        }

        for (var i = 0; i < puts.Length; i++)
        {
            var e = entries.Slice(i * PutEntrySize, PutEntrySize);
            BinaryPrimitives.WriteUInt64LittleEndian(e, puts[i].Id);
            BinaryPrimitives.WriteInt64LittleEndian(e[8..], puts[i].Slot);
            BinaryPrimitives.WriteUInt32LittleEndian(e[16..], puts[i].Checksum);
        }

        return (Seal(buffer, entries.Length + FrameHeaderSize + PayloadHeaderSize), FrameHeaderSize + PayloadHeaderSize + entries.Length);
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

    public static byte[] EncodeDeleteKeys(long sequence, bool followsDurableLog, ReadOnlySpan<RecordKey> keys)
    {
        var keyBytes = 0;
        foreach (var key in keys)
        {
            keyBytes += DeletedKeyLength(key);
        }

        var buffer = Allocate(sequence, WalRecordKind.DeleteKeys, followsDurableLog, keys.Length, 0, out var at, keyBytes);
        foreach (var key in keys)
        {
            if (key.IsText)
            {
                var text = StrictUtf8.GetBytes(key.Text!);
                BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)text.Length);
                text.CopyTo(at[2..]);
                at = at[(2 + text.Length)..];
            }
            else
            {
                BinaryPrimitives.WriteUInt16LittleEndian(at, 0);
                BinaryPrimitives.WriteUInt64LittleEndian(at[2..], key.Number);
                at = at[10..];
            }
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
        var kind = (WalRecordKind)(payload[8] & KindMask);
        var followsDurableLog = (payload[8] & FollowsDurableLogFlag) != 0;
        var hasMetas = (payload[8] & MetaFlag) != 0;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(payload[9..]);
        var entries = payload[PayloadHeaderSize..];
        if (kind == WalRecordKind.DeleteKeys)
        {
            return !hasMetas && TryDecodeDeletedKeys(entries, count, out var keys)
                && Decoded(new WalRecord(sequence, kind, [], []) { DeletedKeys = keys, FollowsDurableLog = followsDurableLog }, payloadLength, out record, out length);
        }

        var isPut = kind is WalRecordKind.Put or WalRecordKind.PutInline;
        var entrySize = isPut ? PutEntrySize : kind == WalRecordKind.Delete ? DeleteEntrySize : 0;
        var inlineBytes = kind == WalRecordKind.PutInline ? (long)count * slotSize : 0;
        var fixedBytes = ((long)count * entrySize) + inlineBytes;
        if (entrySize == 0 || (hasMetas && !isPut) || (hasMetas ? fixedBytes > entries.Length : fixedBytes != entries.Length))
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

        var inline = inlineBytes > 0 ? entries.Slice((int)(count * entrySize), (int)inlineBytes).ToArray() : null;
        RecordMeta?[]? metas = null;
        if (hasMetas && !TryDecodeMetas(entries[(int)fixedBytes..], puts, out metas))
        {
            return false;
        }

        return Decoded(new WalRecord(sequence, kind, puts, deletes, inline, followsDurableLog) { Metas = metas }, payloadLength, out record, out length);
    }

    private static bool Decoded(WalRecord decoded, uint payloadLength, out WalRecord? record, out int length)
    {
        record = decoded;
        length = FrameHeaderSize + (int)payloadLength;
        return true;
    }

    /// <summary>Reads the metadata of every put; false unless it fills the rest exactly and every key and attribute value is sound.</summary>
    private static bool TryDecodeMetas(ReadOnlySpan<byte> source, WalPut[] puts, out RecordMeta?[]? metas)
    {
        metas = new RecordMeta?[puts.Length];
        for (var i = 0; i < puts.Length; i++)
        {
            if (source.Length < MetaHeaderSize)
            {
                return false;
            }

            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(source);
            var attributeLength = BinaryPrimitives.ReadInt32LittleEndian(source[2..]);
            if (keyLength > RecordKey.MaxTextBytes || attributeLength < 0 || attributeLength > RecordAttributes.MaxUtf8Bytes
                || source.Length - MetaHeaderSize < keyLength + attributeLength)
            {
                return false;
            }

            var keyBytes = source.Slice(MetaHeaderSize, keyLength);
            string? text = null;
            if (keyLength > 0 && (!RecordMeta.TryDecodeText(keyBytes, out text) || RecordMeta.SlotIdOf(keyBytes) != puts[i].Id))
            {
                return false;
            }

            RecordAttributes? attributes = null;
            if (attributeLength > 0 && !RecordMeta.TryDecodeAttributes(source.Slice(MetaHeaderSize + keyLength, attributeLength), out attributes))
            {
                return false;
            }

            metas[i] = text is null && attributes is null ? null : new RecordMeta(text, attributes);
            source = source[(MetaHeaderSize + keyLength + attributeLength)..];
        }

        return source.IsEmpty;
    }

    private static bool TryDecodeDeletedKeys(ReadOnlySpan<byte> source, uint count, out RecordKey[] keys)
    {
        keys = [];
        if (count > source.Length / 2)
        {
            return false;
        }

        var decoded = new RecordKey[count];
        for (var i = 0; i < count; i++)
        {
            if (source.Length < 2)
            {
                return false;
            }

            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(source);
            if (keyLength == 0)
            {
                if (source.Length < 10)
                {
                    return false;
                }

                decoded[i] = RecordKey.FromNumber(BinaryPrimitives.ReadUInt64LittleEndian(source[2..]));
                source = source[10..];
                continue;
            }

            if (keyLength > RecordKey.MaxTextBytes || source.Length - 2 < keyLength || !RecordMeta.TryDecodeText(source.Slice(2, keyLength), out var text))
            {
                return false;
            }

            decoded[i] = RecordKey.FromStoredText(text);
            source = source[(2 + keyLength)..];
        }

        keys = decoded;
        return source.IsEmpty;
    }

    private static byte[] Allocate(long sequence, WalRecordKind kind, bool followsDurableLog, int count, int entrySize, out Span<byte> entries, int extraBytes = 0, bool pooled = false)
    {
        var length = FrameHeaderSize + PayloadHeaderSize + ((long)count * entrySize) + extraBytes;
        if (length > MaxFrameLength)
        {
            // The store refuses such a batch before it gets here (BatchTooLargeException).
            throw new InvalidOperationException($"A log record of {length:N0} bytes is longer than the {MaxFrameLength:N0} one record may be.");
        }

        // A rented buffer's every byte up to the length is written below or by the caller.
        var buffer = pooled ? ArrayPool<byte>.Shared.Rent((int)length) : new byte[length];
        var payload = buffer.AsSpan(FrameHeaderSize, (int)length - FrameHeaderSize);
        BinaryPrimitives.WriteInt64LittleEndian(payload, sequence);
        payload[8] = (byte)((byte)kind | (followsDurableLog ? FollowsDurableLogFlag : 0));
        BinaryPrimitives.WriteInt32LittleEndian(payload[9..], count);
        entries = payload[PayloadHeaderSize..];
        return buffer;
    }

    private static byte[] Seal(byte[] buffer) => Seal(buffer, buffer.Length);

    private static byte[] Seal(byte[] buffer, int length)
    {
        var payload = buffer.AsSpan(FrameHeaderSize, length - FrameHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(buffer, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(buffer.AsSpan(4), Format.Checksum.Compute(payload));
        return buffer;
    }
}
