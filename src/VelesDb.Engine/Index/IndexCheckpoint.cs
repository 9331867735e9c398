using System.Buffers.Binary;
using VelesDb.Engine.Format;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Index;

/// <summary>
/// The index checkpoint, <c>vectors.idx</c>: the whole id → slot map as of one WAL sequence.
/// Written to a temp file, synced, renamed over the old one, then the directory synced, so a
/// crash leaves either the old checkpoint or the new one, never a torn one. It is also the
/// store's manifest: its generation names the data file that is current.
/// <code>
/// | offset  | size | field                                                    |
/// |       0 |   36 | <see cref="FileHeader"/> ("VELESIDX"; sequence = last WAL record included) |
/// |      36 |    8 | slot high-water mark: slots handed out in the data file  |
/// |      44 |    8 | entry count N                                            |
/// |      52 |    4 | CRC-32C of bytes 36..51                                  |
/// |      56 | 16*N | entries: id u64, slot u64                                |
/// | 56+16*N |    4 | CRC-32C of the entries                                   |
/// </code>
/// </summary>
internal static class IndexCheckpoint
{
    private const int FixedSize = 56;
    private const int EntrySize = 16;
    private const int ChunkEntries = 64 * 1024;

    public static void Write(IStoreFileSystem fileSystem, string path, FileHeader header, SlotIndex index)
    {
        var temp = path + ".tmp";
        var count = index.Count;
        using (var file = fileSystem.Open(temp, create: true))
        {
            var head = new byte[FixedSize];
            header.WriteTo(head);
            BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(36), index.HighWater);
            BinaryPrimitives.WriteInt64LittleEndian(head.AsSpan(44), count);
            BinaryPrimitives.WriteUInt32LittleEndian(head.AsSpan(52), Checksum.Compute(head.AsSpan(36, 16)));
            file.Write(head, 0);

            var chunk = new byte[ChunkEntries * EntrySize];
            var offset = (long)FixedSize;
            var crc = Checksum.Start;
            var inChunk = 0;
            var written = 0L;
            foreach (var (id, slot) in index.Entries)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(chunk.AsSpan(inChunk * EntrySize), id);
                BinaryPrimitives.WriteInt64LittleEndian(chunk.AsSpan((inChunk * EntrySize) + 8), slot);
                if (++inChunk == ChunkEntries)
                {
                    crc = Checksum.Append(crc, chunk);
                    file.Write(chunk, offset);
                    offset += chunk.Length;
                    inChunk = 0;
                }

                written++;
            }

            if (written != count)
            {
                throw new InvalidOperationException("The index changed while it was being checkpointed.");
            }

            var tail = chunk.AsSpan(0, inChunk * EntrySize);
            crc = Checksum.Append(crc, tail);
            file.Write(tail, offset);
            offset += tail.Length;
            Span<byte> trailer = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(trailer, Checksum.Finish(crc));
            file.Write(trailer, offset);
            file.Sync();
        }

        fileSystem.Replace(temp, path);
        fileSystem.SyncDirectory(System.IO.Path.GetDirectoryName(path)!);
    }

    /// <summary>Reads and fully checks a checkpoint; any damage is a <see cref="StoreCorruptedException"/>.</summary>
    public static (FileHeader Header, SlotIndex Index) Read(IStoreFileSystem fileSystem, string path)
    {
        byte[] bytes;
        using (var file = fileSystem.Open(path, create: false))
        {
            var length = file.Length;
            if (length > int.MaxValue)
            {
                throw new StoreCorruptedException(path, int.MaxValue, "the index file is larger than any index VelesDb writes.");
            }

            bytes = new byte[length];
            _ = file.Read(bytes, 0);
        }

        var header = FileHeader.Read(bytes, FileHeader.IndexMagic, path);
        if (bytes.Length < FixedSize)
        {
            throw new StoreCorruptedException(path, bytes.Length, "the index ends inside its header.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(52)) != Checksum.Compute(bytes.AsSpan(36, 16)))
        {
            throw new StoreCorruptedException(path, 52, "the index header checksum does not match.");
        }

        var highWater = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(36));
        var count = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(44));
        var expectedLength = FixedSize + (count * EntrySize) + 4;
        if (highWater < 0 || count < 0 || count > highWater || expectedLength != bytes.Length)
        {
            throw new StoreCorruptedException(path, 36, $"the index claims {count} entries in {highWater} slots, which does not fit its {bytes.Length} bytes.");
        }

        var entries = bytes.AsSpan(FixedSize, (int)(count * EntrySize));
        if (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(FixedSize + entries.Length)) != Checksum.Compute(entries))
        {
            throw new StoreCorruptedException(path, FixedSize + entries.Length, "the index entries do not match their checksum.");
        }

        var index = new SlotIndex(highWater, (int)count);
        for (var i = 0; i < count; i++)
        {
            var id = BinaryPrimitives.ReadUInt64LittleEndian(entries[(i * EntrySize)..]);
            var slot = BinaryPrimitives.ReadInt64LittleEndian(entries[((i * EntrySize) + 8)..]);
            if (index.Contains(id) || !index.TryPut(id, slot))
            {
                throw new StoreCorruptedException(path, FixedSize + (i * EntrySize), $"entry {i} (id {id}, slot {slot}) repeats an id or a slot, or points past the high-water mark.");
            }
        }

        return (header, index);
    }
}
