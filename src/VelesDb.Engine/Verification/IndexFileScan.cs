using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using VelesDb.Engine.Format;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Verification;

/// <summary>
/// Checks the index checkpoint file (<see cref="Index.IndexCheckpoint"/> describes its layout) the
/// way opening the store will: its header, the checksum of its fixed part, of its table and of its
/// record section, streamed in chunks so that no copy of the table is built. The store works from
/// the index it holds in memory, so damage here harms nothing until the next open, which would
/// refuse the store; a checkpoint written from memory replaces the file. What it finds is a
/// candidate only: a checkpoint or compaction may replace the file while it reads.
/// </summary>
internal static class IndexFileScan
{
    private const int FixedSize = 72;
    private const int EntrySize = 12;
    private const int RecordsHeadSize = 24;
    private const int ChunkBytes = 1 << 20;

    /// <summary>The first damage in the index file, or null when it would open; <paramref name="generation"/> is the one it must name.</summary>
    public static StoreDamage? Run(IStoreFileSystem fileSystem, string path, long generation, CancellationToken cancellationToken)
    {
        using var file = fileSystem.Open(path, create: false);
        var length = file.Length;
        var head = new byte[FixedSize];
        var read = file.Read(head, 0);
        FileHeader header;
        try
        {
            header = FileHeader.Read(head.AsSpan(0, read), FileHeader.IndexMagic, path);
        }
        catch (StoreCorruptedException e)
        {
            return Damage(path, e.Offset, $"the index's header is damaged: {e.Message}");
        }

        if (header.Generation != generation)
        {
            return Damage(path, FileHeader.GenerationOffset, $"the index names generation {header.Generation}, but the store works on generation {generation}.");
        }

        if (read < FixedSize || BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(64)) != Checksum.Compute(head.AsSpan(36, 28)))
        {
            return Damage(path, 36, "the index's counts do not match their checksum.");
        }

        var capacity = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(52));
        var tableEnd = FixedSize + (EntrySize * (long)capacity);
        if (capacity < 0 || tableEnd > length)
        {
            return Damage(path, 52, $"the index claims a table of {capacity} entries, which does not fit its {length} bytes.");
        }

        if (Hash(file, FixedSize, tableEnd - FixedSize, cancellationToken) != BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(56)))
        {
            return Damage(path, FixedSize, "the index table does not match its checksum.");
        }

        return header.Version < 2 ? null : CheckRecords(file, path, tableEnd, length, cancellationToken);
    }

    private static StoreDamage? CheckRecords(IStoreFile file, string path, long at, long fileLength, CancellationToken cancellationToken)
    {
        var head = new byte[RecordsHeadSize];
        if (file.Read(head, at) != RecordsHeadSize || BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(20)) != Checksum.Compute(head.AsSpan(0, 20)))
        {
            return Damage(path, at, "the head of the index's record section (text keys and attributes) does not match its checksum.");
        }

        var length = BinaryPrimitives.ReadInt64LittleEndian(head);
        if (length != fileLength - at - RecordsHeadSize)
        {
            return Damage(path, at, $"the index's record section claims {length} bytes, which does not fit the file's {fileLength} bytes.");
        }

        return Hash(file, at + RecordsHeadSize, length, cancellationToken) == BinaryPrimitives.ReadUInt64LittleEndian(head.AsSpan(12))
            ? null
            : Damage(path, at + RecordsHeadSize, "the index's record section (text keys and attributes) does not match its checksum.");
    }

    /// <summary>The XXH3-64 of <paramref name="count"/> bytes at <paramref name="offset"/>, read a chunk at a time.</summary>
    private static ulong Hash(IStoreFile file, long offset, long count, CancellationToken cancellationToken)
    {
        var hash = new XxHash3();
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ChunkBytes, Math.Max(1, count)));
        try
        {
            while (count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var wanted = (int)Math.Min(buffer.Length, count);
                var read = file.Read(buffer.AsSpan(0, wanted), offset);
                if (read == 0)
                {
                    break;
                }

                hash.Append(buffer.AsSpan(0, read));
                offset += read;
                count -= read;
            }

            return hash.GetCurrentHashAsUInt64();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static StoreDamage Damage(string path, long offset, string problem) => new(null, path, offset, DamageKind.Index, problem);
}
