namespace VelesDb.Interchange;

/// <summary>
/// Splits a stream into lines (LF or CRLF), handing out each as a span of its bytes without the
/// line break; memory is one buffer as long as the longest line. A line longer than
/// <see cref="MaxLineBytes"/> is skipped to its end and reported as too long.
/// </summary>
internal sealed class LineReader(Stream stream)
{
    /// <summary>The longest line kept (256 MiB).</summary>
    public const int MaxLineBytes = 256 * 1024 * 1024;

    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Bytes of the stream consumed so far.</summary>
    public long Consumed { get; private set; }

    /// <summary>The next line; false at the end. <paramref name="tooLong"/> is set for a line over the limit (then the span is empty).</summary>
    public bool TryReadLine(out ReadOnlySpan<byte> line, out bool tooLong)
    {
        tooLong = false;
        var scanned = 0;
        while (true)
        {
            var window = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            var newline = window.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = scanned + newline;
                line = Trim(_buffer.AsSpan(_start, length));
                _start += length + 1;
                Consumed += length + 1;
                if (tooLong)
                {
                    line = [];
                }

                return true;
            }

            scanned = _end - _start;
            if (_eof)
            {
                if (scanned == 0)
                {
                    line = [];
                    return false;
                }

                line = tooLong ? [] : Trim(_buffer.AsSpan(_start, scanned));
                Consumed += scanned;
                _start = _end;
                return true;
            }

            if (scanned >= MaxLineBytes)
            {
                // Drop what there is of this line and go on looking for its end.
                tooLong = true;
                Consumed += scanned;
                _start = _end;
                scanned = 0;
            }

            Fill();
        }
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        if (_start > 0)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, MaxLineBytes + 1L));
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }
}
