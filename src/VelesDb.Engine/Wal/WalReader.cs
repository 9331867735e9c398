using System.Buffers.Binary;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Wal;

/// <summary>
/// Reads a log file front to back through a window of its bytes, one record at a time, so that
/// opening never needs the whole log in one array: the log's length is bounded by nothing but the
/// writes (the checkpoint threshold plus one record), and an array stops short of 2 GiB. A record
/// longer than the window gets a window of its own size, up to <see cref="WalRecord.MaxFrameLength"/>.
/// </summary>
internal sealed class WalReader
{
    public const int DefaultWindowBytes = 1 << 20;

    private readonly IStoreFile _file;
    private byte[] _window;
    private long _windowStart;
    private int _windowCount;

    public WalReader(IStoreFile file, int windowBytes = DefaultWindowBytes)
    {
        _file = file;
        Length = file.Length;
        _window = new byte[windowBytes];
    }

    /// <summary>The file's length when the reader was made.</summary>
    public long Length { get; }

    /// <summary>Up to <paramref name="count"/> bytes at <paramref name="offset"/>: fewer only where the file ends.</summary>
    public ReadOnlySpan<byte> Bytes(long offset, int count)
    {
        if (offset < _windowStart || offset + count > _windowStart + _windowCount)
        {
            if (count > _window.Length)
            {
                _window = new byte[count];
            }

            _windowStart = offset;
            var wanted = (int)Math.Min(_window.Length, Math.Max(0, Length - offset));
            _windowCount = _file.Read(_window.AsSpan(0, wanted), offset);
        }

        var start = (int)(offset - _windowStart);
        return _window.AsSpan(start, Math.Min(count, _windowCount - start));
    }

    /// <summary>
    /// Decodes the record at <paramref name="offset"/>. False (never throws) where the valid log
    /// ends: a short, torn or damaged record, or a length no writer produces.
    /// </summary>
    public bool TryRead(long offset, int slotSize, out WalRecord? record, out int length)
    {
        record = null;
        length = 0;
        var payloadLength = ClaimedPayloadLength(offset);
        if (payloadLength is null || payloadLength > WalRecord.MaxFrameLength - WalRecord.FrameHeaderSize
            || offset + WalRecord.FrameHeaderSize + payloadLength > Length)
        {
            return false;
        }

        return WalRecord.TryDecode(Bytes(offset, WalRecord.FrameHeaderSize + (int)payloadLength), slotSize, out record, out length);
    }

    /// <summary>The payload length the frame at <paramref name="offset"/> claims, or null where the file ends first.</summary>
    public uint? ClaimedPayloadLength(long offset)
    {
        var head = Bytes(offset, WalRecord.FrameHeaderSize);
        return head.Length < WalRecord.FrameHeaderSize ? null : BinaryPrimitives.ReadUInt32LittleEndian(head);
    }
}
