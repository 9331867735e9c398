using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using VelesDb.Engine.Format;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Index;

/// <summary>
/// The index checkpoint, <c>vectors.idx</c>: the id → slot table as of one WAL sequence, stored
/// as the <see cref="SlotTable"/>'s own two arrays so that opening a store reads them back in
/// two bulk reads instead of rebuilding a hash table. Written to a temp file, synced, renamed over
/// the old one, then the directory synced, so a crash leaves the old checkpoint or the new one,
/// never a torn one. It is also the store's manifest: its generation names the current data file.
/// <code>
/// | offset     | size  | field                                                         |
/// |          0 |    36 | <see cref="FileHeader"/> ("VELESIDX"; sequence = last WAL record included) |
/// |         36 |     8 | slot high-water mark: slots handed out in the data file       |
/// |         44 |     8 | live entry count N                                            |
/// |         52 |     4 | table capacity C (a power of two)                             |
/// |         56 |     8 | XXH3-64 of the values array, seeded with the XXH3-64 of the keys |
/// |         64 |     4 | CRC-32C of bytes 36..63                                       |
/// |         68 |     4 | zero                                                          |
/// |         72 |   8*C | keys: id u64 per table position                               |
/// |   72 + 8*C |   8*C | values: slot i64 per position (-1 empty, -2 deleted)          |
/// </code>
/// The arrays are checksummed with XXH3 (System.IO.Hashing) rather than CRC-32C: it is several
/// times faster over tens of megabytes, which is most of the cost of opening a large store.
/// </summary>
internal static class IndexCheckpoint
{
    private const int FixedSize = 72;

    public static void Write(IStoreFileSystem fileSystem, string path, FileHeader header, SlotIndex index)
    {
        var temp = path + ".tmp";
        var table = index.Table;
        var keys = MemoryMarshal.AsBytes(table.Keys.AsSpan());
        var values = MemoryMarshal.AsBytes(table.Values.AsSpan());
        var hash = TableHash(keys, values);

        var head = new byte[FixedSize];
        header.WriteTo(head);
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(36), index.HighWater);
        BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(44), index.Count);
        BinaryPrimitives.WriteInt32LittleEndian(head.AsSpan(52), table.Capacity);
        BinaryPrimitives.WriteUInt64LittleEndian(head.AsSpan(56), hash);
        BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(64), Checksum.Compute(head.AsSpan(36, 28)));

        using (var file = fileSystem.Open(temp, create: true))
        {
            file.Write(head, 0);
            file.Write(keys, FixedSize);
            file.Write(values, FixedSize + keys.Length);
            file.Sync();
        }

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
        if (capacity < 16 || (capacity & (capacity - 1)) != 0 || highWater < 0 || count < 0 || count > highWater || count >= capacity
            || length != FixedSize + (16L * capacity))
        {
            throw new StoreCorruptedException(path, 36, $"the index claims {count} entries in {highWater} slots and a table of {capacity}, which does not fit its {length} bytes.");
        }

        // Every byte is overwritten by the read below, so skip zeroing tens of megabytes.
        var keys = GC.AllocateUninitializedArray<ulong>(capacity);
        var values = GC.AllocateUninitializedArray<long>(capacity);
        var keyBytes = MemoryMarshal.AsBytes(keys.AsSpan());
        var valueBytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (file.Read(keyBytes, FixedSize) != keyBytes.Length || file.Read(valueBytes, FixedSize + keyBytes.Length) != valueBytes.Length)
        {
            throw new StoreCorruptedException(path, length, "the index ends before its table does.");
        }

        if (TableHash(keyBytes, valueBytes) != BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(56)))
        {
            throw new StoreCorruptedException(path, FixedSize, "the index table does not match its checksum.");
        }

        var index = SlotIndex.FromTable(new SlotTable(keys, values, 0), highWater, count, out var bad);
        if (index is null)
        {
            var offset = bad >= 0 ? FixedSize + keyBytes.Length + (8L * bad) : 44;
            throw new StoreCorruptedException(path, offset, bad >= 0
                ? $"table position {bad} holds slot {values[bad]}, past the high-water mark or already taken."
                : $"the table holds a different number of live entries than the {count} its header claims.");
        }

        return (header, index);
    }

    // One-shot hashing: XxHash3's incremental Append is an order of magnitude slower on large spans.
    private static ulong TableHash(ReadOnlySpan<byte> keys, ReadOnlySpan<byte> values) =>
        XxHash3.HashToUInt64(values, (long)XxHash3.HashToUInt64(keys));
}
