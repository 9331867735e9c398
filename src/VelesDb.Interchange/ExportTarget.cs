namespace VelesDb.Interchange;

/// <summary>
/// The files an export writes, crash-safely: each is written under a temporary name beside its
/// final one (<c>&lt;name&gt;.partial</c>), synced, and renamed into place only by <see cref="Commit"/>
/// (the companion key file first, then the data file). Disposed without a commit, the temporary
/// files are deleted and nothing at the final names is touched.
/// </summary>
public sealed class ExportTarget : IDisposable
{
    private const int BufferSize = 1024 * 1024;

    private readonly List<(string Temporary, string Final, FileStream? Stream)> _files = [];
    private bool _committed;

    public ExportTarget(string path, bool withIds)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        IdsPath = withIds ? CompanionIds.PathFor(path) : null;
    }

    /// <summary>The data file's final path.</summary>
    public string Path { get; }

    /// <summary>The companion key file's final path, for the array formats.</summary>
    public string? IdsPath { get; }

    /// <summary>Creates the data file's temporary file.</summary>
    public Stream CreateData() => Create(Path);

    /// <summary>Creates the companion key file's temporary file.</summary>
    public Stream CreateIds() => Create(IdsPath ?? throw new InvalidOperationException("This format has no companion key file."));

    private SyncingStream Create(string final)
    {
        var temporary = final + ".partial";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None, BufferSize);
        _files.Add((temporary, final, stream));
        return new SyncingStream(stream);
    }

    /// <summary>Syncs the files (the writer has flushed them) and renames them into place.</summary>
    public void Commit()
    {
        foreach (var (_, _, stream) in _files)
        {
            if (stream is { CanWrite: true })
            {
                stream.Flush(flushToDisk: true);
            }
        }

        foreach (var (_, _, stream) in _files)
        {
            stream?.Dispose();
        }

        for (var i = _files.Count - 1; i >= 0; i--)
        {
            File.Move(_files[i].Temporary, _files[i].Final, overwrite: true);
        }

        _committed = true;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var (temporary, _, stream) in _files)
        {
            stream?.Dispose();
            if (!_committed)
            {
                try
                {
                    File.Delete(temporary);
                }
                catch (IOException)
                {
                    // Left behind under its temporary name, which no reader takes for an export.
                }
                catch (UnauthorizedAccessException)
                {
                    // As above.
                }
            }
        }

        _files.Clear();
    }

    /// <summary>
    /// The stream a writer gets: disposing it only flushes, so <see cref="Commit"/> can still sync
    /// the file after the writer has finished with it.
    /// </summary>
    private sealed class SyncingStream(FileStream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override void WriteByte(byte value) => inner.WriteByte(value);

        protected override void Dispose(bool disposing)
        {
            if (disposing && inner.CanWrite)
            {
                inner.Flush();
            }

            base.Dispose(disposing);
        }
    }
}
