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
/// </code>
/// The entries are checksummed with XXH3 (System.IO.Hashing) rather than CRC-32C: it is several
/// times faster over tens of megabytes, which is most of the cost of opening a large store.
/// </summary>
internal static class IndexCheckpoint
{
    private const int FixedSize = 72;
    private const int EntrySize = 12;

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
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(44), index.Count);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(52), table.Capacity);
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(56), XxHash3.HashToUInt64(entries));
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(64), Checksum.Compute(head.AsSpan(36, 28)));

        using var file = fileSystem.Open(temp, create: true);
        file.Write(head, 0);
        file.Write(entries, FixedSize);
        file.Sync();
        return temp;
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
        var count = BinaryPrimitives.ReadInt64LittleEndian(head.AsSpan(44));
        var capacity = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(52));
        if (capacity < 16 || capacity > SlotTable.MaxCapacity || (capacity & (capacity - 1)) != 0 || highWater < 0 || highWater > SlotTable.MaxSlot + 1 || count < 0 || count > highWater
            || count >= capacity || length != FixedSize + (EntrySize * (long)capacity))
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

        return (header, index);
    }
}
