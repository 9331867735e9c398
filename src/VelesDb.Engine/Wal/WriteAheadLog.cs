using VelesDb.Engine.Format;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Wal;

/// <summary>
/// The write-ahead log: a <see cref="FileHeader"/> ("VELESWAL") padded to <see cref="HeaderSize"/>
/// bytes, then <see cref="WalRecord"/>s back to back. Appends go at the end of the last valid
/// record, never behind torn bytes. A checkpoint empties it.
/// </summary>
internal sealed class WriteAheadLog : IDisposable
{
    public const int HeaderSize = 64;

    private readonly IStoreFile _file;
    private long _tail;

    /// <summary>
    /// How much of the log is known to be on stable storage. At open only the header counts:
    /// records there may still be page cache of a process that never synced them.
    /// </summary>
    private long _durableTail;

    private WriteAheadLog(IStoreFile file, FileHeader header, long tail)
    {
        _file = file;
        Header = header;
        _tail = tail;
        _durableTail = HeaderSize;
    }

    public FileHeader Header { get; private set; }

    /// <summary>Bytes of valid log, header included.</summary>
    public long Length => _tail;

    /// <summary>True when every record appended so far has been synced.</summary>
    public bool IsDurable => _durableTail == _tail;

    public static WriteAheadLog Create(IStoreFileSystem fileSystem, string path, int dimension, long generation, long sequence)
    {
        var file = fileSystem.Open(path, create: true);
        var log = new WriteAheadLog(file, default, 0);
        log.Reset(generation, sequence, dimension);
        return log;
    }

    /// <summary>
    /// Opens the log and reads its valid prefix, record by record (<see cref="WalReader"/>). A record
    /// that is short, fails its checksum or breaks the sequence ends the log; the bytes after it are
    /// cut off before anything is appended.
    /// </summary>
    public static WriteAheadLog Open(IStoreFileSystem fileSystem, string path, out List<WalRecord> records) =>
        Open(fileSystem, path, WalReader.DefaultWindowBytes, out records);

    /// <summary>As above, reading through a window of <paramref name="windowBytes"/> (smaller only in tests).</summary>
    public static WriteAheadLog Open(IStoreFileSystem fileSystem, string path, int windowBytes, out List<WalRecord> records)
    {
        var file = fileSystem.Open(path, create: false);
        try
        {
            var reader = new WalReader(file, windowBytes);
            var head = reader.Bytes(0, HeaderSize);
            var header = FileHeader.Read(head, FileHeader.WalMagic, path);
            if (head.Length < HeaderSize)
            {
                throw new StoreCorruptedException(path, head.Length, $"the log is shorter than its {HeaderSize}-byte header.");
            }

            records = [];
            var offset = (long)HeaderSize;
            var expected = header.Sequence + 1;
            var slotSize = new SlotLayout(header.Dimension).SlotSize;
            while (reader.TryRead(offset, slotSize, out var record, out var recordLength) && record!.Sequence == expected)
            {
                records.Add(record);
                offset += recordLength;
                expected++;
            }

            ThrowIfDamagedBeforeSyncedRecords(reader, offset, expected, slotSize, path);
            var log = new WriteAheadLog(file, header, offset);
            if (offset < reader.Length)
            {
                log.CutTail(offset);
            }

            return log;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A record that fails its checksum is normally the torn tail of a crash and is cut off. But
    /// if an intact record follows it in sequence and says that the log before it was synced when
    /// it was written, the damaged one had been on stable storage: that is damage to acknowledged
    /// data, and cutting it off would silently drop every write after it.
    /// </summary>
    private static void ThrowIfDamagedBeforeSyncedRecords(WalReader log, long badOffset, long expectedSequence, int slotSize, string path)
    {
        if (log.ClaimedPayloadLength(badOffset) is not { } claimedLength)
        {
            return;
        }

        var next = badOffset + WalRecord.FrameHeaderSize + claimedLength;
        var sequence = expectedSequence + 1;
        while (next < log.Length
            && log.TryRead(next, slotSize, out var following, out var length)
            && following!.Sequence == sequence)
        {
            if (following.FollowsDurableLog)
            {
                throw new StoreCorruptedException(path, badOffset,
                    $"log record {expectedSequence} is damaged but the synced records after it are intact, so acknowledged writes would be lost. " +
                    "Restore the store from a backup; or, to keep only what the last checkpoint holds, move this log file away and open the store again.");
            }

            next += length;
            sequence++;
        }
    }

    /// <summary>Drops every record from <paramref name="validLength"/> on (a torn tail, or records replay refused).</summary>
    public void CutTail(long validLength)
    {
        _file.SetLength(validLength);
        _file.Sync();
        _tail = validLength;
        _durableTail = validLength;
    }

    /// <summary>Writes one framed record after the last valid one. Not durable until <see cref="Sync"/>.</summary>
    public void Append(ReadOnlySpan<byte> framedRecord)
    {
        _file.Write(framedRecord, _tail);
        _tail += framedRecord.Length;
    }

    public void Sync()
    {
        var tail = _tail;
        _file.Sync();
        _durableTail = tail;
    }

    /// <summary>Empties the log for <paramref name="generation"/>; the next record gets <paramref name="sequence"/> + 1.</summary>
    public void Reset(long generation, long sequence, int dimension)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        var fileHeader = new FileHeader(FileHeader.WalMagic, dimension, generation, sequence);
        fileHeader.WriteTo(header);
        _file.SetLength(HeaderSize);
        _file.Write(header, 0);
        _file.Sync();
        Header = fileHeader;
        _tail = HeaderSize;
        _durableTail = HeaderSize;
    }

    public void Dispose() => _file.Dispose();
}
