using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using VelesDb.Engine.Format;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Index;

/// <summary>
/// The index checkpoint, <c>vectors.idx</c>: the id → slot table as of one WAL sequence, stored
/// as the <see cref="SlotTable"/>'s own entry array so that opening a store reads it back in
/// one bulk read instead of rebuilding a hash table. Written to a temp file, synced, renamed over
/// the old one, then the directory synced, so a crash leaves the old checkpoint or the new one,
/// never a torn one. It is also the store's manifest: its generation names the current data file.
/// <code>
/// | offset     | size  | field                                                         |
/// |          0 |    36 | <see cref="FileHeader"/> ("VELESIDX"; sequence = last WAL record included) |
/// |         36 |     8 | slot high-water mark: slots handed out in the data file       |
/// |         44 |     8 | live entry count N                                            |
/// |         52 |     4 | table capacity C (a power of two)                             |
/// |         56 |     8 | XXH3-64 of the entries                                        |
/// |         64 |     4 | CRC-32C of bytes 36..63                                       |
/// |         68 |     4 | zero                                                          |
/// |         72 |  12*C | entries: id u64, slot u32 (0xFFFFFFFF empty, 0xFFFFFFFE deleted) |
/// |     R = 72 + 12*C | 8 | version 2: record section length L                        |
/// |          R+8 |     4 | record count M                                                |
/// |         R+12 |     8 | XXH3-64 of the records                                        |
/// |         R+20 |     4 | CRC-32C of bytes R..R+19                                      |
/// |         R+24 |     L | M × (slot u32, key length K u16, attributes length A u32, K bytes |
/// |              |       | of text key, A bytes of compact JSON): every live slot with a |
/// |              |       | text key (K > 0; not in the table) or attributes (K = 0; an integer key in the table) |
/// </code>
/// The live entry count N counts the table's entries; text-keyed records add M's K > 0 entries.
/// A version-1 checkpoint ends with the table.
/// The entries are checksummed with XXH3 (System.IO.Hashing) rather than CRC-32C: it is several
/// times faster over tens of megabytes, which is most of the cost of opening a large store.
/// </summary>
internal static class IndexCheckpoint
{
    private const int FixedSize = 72;
    private const int EntrySize = 12;
    private const int RecordsHeadSize = 24;
    private const int RecordHeadSize = 10;
    private const int RecordChunkBytes = 1 << 20;

    public static void Write(IStoreFileSystem fileSystem, string path, FileHeader header, SlotIndex index) =>
        Publish(fileSystem, WriteTemp(fileSystem, path, header, index), path);

    /// <summary>Writes and syncs the checkpoint beside <paramref name="path"/>; returns the temp file's path. Changes nothing the store reads.</summary>
    public static string WriteTemp(IStoreFileSystem fileSystem, string path, FileHeader header, SlotIndex index)
    {
        var temp = StorePaths.TempOf(path);
        var table = index.Table;
        var entries = MemoryMarshal.AsBytes(table.Entries.AsSpan());

        var head = new byte[FixedSize];
        header.WriteTo(head);
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(36), index.HighWater);
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(44), index.Count - index.TextCount);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(52), table.Capacity);
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(56), XxHash3.HashToUInt64(entries));
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(64), Checksum.Compute(head.AsSpan(36, 28)));

        using var file = fileSystem.Open(temp, create: true);
        file.Write(head, 0);
        file.Write(entries, FixedSize);
        WriteRecords(file, FixedSize + entries.Length, index);
        file.Sync();
        return temp;
    }

    /// <summary>Writes the record section at <paramref name="at"/>, in chunks, its head last.</summary>
    private static void WriteRecords(IStoreFile file, long at, SlotIndex index)
    {
        var hash = new XxHash3();
        var chunk = new byte[RecordChunkBytes];
        var used = 0;
        var length = 0L;
        var count = 0;
        var start = at + RecordsHeadSize;
        foreach (var (slot, meta) in index.LiveMetas)
        {
            var attributes = meta.Attributes is { } a ? a.Utf8.Span : default;
            var size = RecordHeadSize + meta.KeyUtf8.Length + attributes.Length;
            if (used + size > chunk.Length)
            {
                Flush();
                if (size > chunk.Length)
                {
                    chunk = new byte[size];
                }
            }

            var record = chunk.AsSpan(used, size);
            BinaryPrimitives.WriteUInt32LittleEndian(record, checked((uint)slot));
            BinaryPrimitives.WriteUInt16LittleEndian(record[4..], (ushort)meta.KeyUtf8.Length);
            BinaryPrimitives.WriteInt32LittleEndian(record[6..], attributes.Length);
            meta.KeyUtf8.CopyTo(record[RecordHeadSize..]);
            attributes.CopyTo(record[(RecordHeadSize + meta.KeyUtf8.Length)..]);
            used += size;
            count++;
        }

        Flush();
        var head = new byte[RecordsHeadSize];
        BinaryPrimitives.WriteInt64LittleEndian(head, length);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(8), count);
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(12), hash.GetCurrentHashAsUInt64());
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(20), Checksum.Compute(head.AsSpan(0, 20)));
        file.Write(head, at);

        void Flush()
        {
            var bytes = chunk.AsSpan(0, used);
            hash.Append(bytes);
            file.Write(bytes, start + length);
            length += used;
            used = 0;
        }
    }

    /// <summary>
    /// The switch: renames the synced temp file over the checkpoint and syncs the directory. If
    /// this throws, the rename may or may not have happened (or may not survive a power cut), so
    /// the caller must keep the files of both the old and the new checkpoint.
    /// </summary>
    public static void Publish(IStoreFileSystem fileSystem, string temp, string path)
    {
        fileSystem.Replace(temp, path);
        fileSystem.SyncDirectory(System.IO.Path.GetDirectoryName(path)!);
    }

    /// <summary>Reads and fully checks a checkpoint; any damage is a <see cref="StoreCorruptedException"/>.</summary>
    public static (FileHeader Header, SlotIndex Index) Read(IStoreFileSystem fileSystem, string path)
    {
        using var file = fileSystem.Open(path, create: false);
        var length = file.Length;
        var head = new byte[FixedSize];
        var read = file.Read(head, 0);
        var header = FileHeader.Read(head.AsSpan(0, read), FileHeader.IndexMagic, path);
        if (read < FixedSize)
        {
            throw new StoreCorruptedException(path, read, "the index ends inside its header.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(64)) != Checksum.Compute(head.AsSpan(36, 28)))
        {
            throw new StoreCorruptedException(path, 64, "the index header checksum does not match.");
        }

        var highWater = BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(36));
        var tableEnd = FixedSize + (EntrySize * (long)BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(52)));
        var count = BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(44));
        var capacity = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(52));
        if (capacity < 16 || capacity > SlotTable.MaxCapacity || (capacity & (capacity - 1)) != 0 || highWater < 0 || highWater > SlotTable.MaxSlot + 1 || count < 0 || count > highWater
            || count >= capacity || (header.Version == 1 ? length != tableEnd : length < tableEnd + RecordsHeadSize))
        {
            throw new StoreCorruptedException(path, 36, $"the index claims {count} entries in {highWater} slots and a table of {capacity}, which does not fit its {length} bytes.");
        }

        // Every byte is overwritten by the read below, so skip zeroing tens of megabytes.
        var entries = GC.AllocateUninitializedArray<SlotTable.Entry>(capacity);
        var bytes = MemoryMarshal.AsBytes(entries.AsSpan());
        if (file.Read(bytes, FixedSize) != bytes.Length)
        {
            throw new StoreCorruptedException(path, length, "the index ends before its table does.");
        }

        if (XxHash3.HashToUInt64(bytes) != BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(56)))
        {
            throw new StoreCorruptedException(path, FixedSize, "the index table does not match its checksum.");
        }

        var index = SlotIndex.FromTable(new SlotTable(entries, 0), highWater, count, out var bad);
        if (index is null)
        {
            var offset = bad >= 0 ? FixedSize + (EntrySize * (long)bad) : 44;
            throw new StoreCorruptedException(path, offset, bad >= 0
                ? $"table position {bad} holds slot {entries[bad].Slot}, past the high-water mark or already taken."
                : $"the table holds a different number of live entries than the {count} its header claims.");
        }

        if (!TablePlacement.HasEmptyPosition(entries))
        {
            throw new StoreCorruptedException(path, FixedSize, $"every one of the index table's {capacity} positions is taken, live or deleted, so a lookup of an absent id would never end.");
        }

        if (!TablePlacement.IsFindable(entries))
        {
            // Placed by an earlier hash (or not by this engine): place the live entries again.
            var rehashed = TablePlacement.Rehashed(entries, out var duplicate);
            if (rehashed is null)
            {
                throw new StoreCorruptedException(path, FixedSize + (EntrySize * (long)duplicate), $"table position {duplicate} holds id {entries[duplicate].Key}, which another position holds too.");
            }

            index.UseTable(rehashed);
        }

        if (header.Version >= 2)
        {
            ReadRecords(file, path, tableEnd, length, index);
        }

        return (header, index);
    }

    /// <summary>Reads the record section and gives each slot its metadata; any damage is a <see cref="StoreCorruptedException"/>.</summary>
    private static void ReadRecords(IStoreFile file, string path, long at, long fileLength, SlotIndex index)
    {
        var head = new byte[RecordsHeadSize];
        if (file.Read(head, at) != RecordsHeadSize || BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(20)) != Checksum.Compute(head.AsSpan(0, 20)))
        {
            throw new StoreCorruptedException(path, at, "the head of the index's record section does not match its checksum.");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(head);
        var count = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(8));
        if (length < 0 || length != fileLength - at - RecordsHeadSize || length > Array.MaxLength || count < 0 || count > length / RecordHeadSize)
        {
            throw new StoreCorruptedException(path, at, $"the record section claims {count} records in {length} bytes, which does not fit the file's {fileLength} bytes.");
        }

        var records = GC.AllocateUninitializedArray<byte>((int)length);
        var start = at + RecordsHeadSize;
        if (file.Read(records, start) != records.Length || XxHash3.HashToUInt64(records) != BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(12)))
        {
            throw new StoreCorruptedException(path, start, "the index's record section does not match its checksum.");
        }

        var position = 0;
        for (var i = 0; i < count; i++)
        {
            var offset = start + position;
            var rest = records.AsSpan(position);
            if (rest.Length < RecordHeadSize)
            {
                throw new StoreCorruptedException(path, offset, $"record {i} of the index's record section is cut short.");
            }

            var slot = BinaryPrimitives.ReadUInt32LittleEndian(rest);
            var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(rest[4..]);
            var attributeLength = BinaryPrimitives.ReadInt32LittleEndian(rest[6..]);
            if (keyLength > Contract.RecordKey.MaxTextBytes || attributeLength < 0 || attributeLength > Contract.RecordAttributes.MaxUtf8Bytes
                || rest.Length - RecordHeadSize < keyLength + attributeLength)
            {
                throw new StoreCorruptedException(path, offset, $"record {i} of the index's record section claims a key of {keyLength} and attributes of {attributeLength} bytes, which do not fit.");
            }

            string? text = null;
            Contract.RecordAttributes? attributes = null;
            if ((keyLength > 0 && !RecordMeta.TryDecodeText(rest.Slice(RecordHeadSize, keyLength), out text))
                || (attributeLength > 0 && !RecordMeta.TryDecodeAttributes(rest.Slice(RecordHeadSize + keyLength, attributeLength), out attributes))
                || (text is null && attributes is null) || !index.TryRestore(slot, new RecordMeta(text, attributes)))
            {
                throw new StoreCorruptedException(path, offset, $"record {i} of the index's record section (slot {slot}) is not a sound key or attributes for a slot of the index.");
            }

            position += RecordHeadSize + keyLength + attributeLength;
        }

        if (position != records.Length)
        {
            throw new StoreCorruptedException(path, start + position, "the index's record section has bytes after its last record.");
        }
    }
}
