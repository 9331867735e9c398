namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The bytes of one file as a disk would hold them, kept as 4 KiB pages so a 16 MiB data file of
/// mostly zeros costs only the pages written. Written out as a sparse file.
/// </summary>
internal sealed class SparseImage
{
    public const int PageSize = 4096;
    private readonly Dictionary<long, byte[]> _pages;

    public SparseImage() => _pages = [];

    private SparseImage(Dictionary<long, byte[]> pages, long length)
    {
        _pages = pages.ToDictionary(kv => kv.Key, kv => (byte[])kv.Value.Clone());
        Length = length;
    }

    public long Length { get; private set; }

    public SparseImage Clone() => new(_pages, Length);

    public void Write(long offset, ReadOnlySpan<byte> data)
    {
        var position = offset;
        while (!data.IsEmpty)
        {
            var page = position / PageSize;
            var within = (int)(position % PageSize);
            var take = Math.Min(PageSize - within, data.Length);
            if (!_pages.TryGetValue(page, out var bytes))
            {
                if (data[..take].IndexOfAnyExcept((byte)0) < 0)
                {
                    position += take;
                    data = data[take..];
                    continue;
                }

                bytes = new byte[PageSize];
                _pages[page] = bytes;
            }

            data[..take].CopyTo(bytes.AsSpan(within));
            position += take;
            data = data[take..];
        }

        Length = Math.Max(Length, offset + (position - offset));
    }

    public void SetLength(long length)
    {
        if (length < Length)
        {
            var lastPage = length / PageSize;
            foreach (var page in _pages.Keys.Where(p => p > lastPage || (p == lastPage && length % PageSize == 0)).ToList())
            {
                _ = _pages.Remove(page);
            }

            if (length % PageSize != 0 && _pages.TryGetValue(lastPage, out var bytes))
            {
                bytes.AsSpan((int)(length % PageSize)).Clear();
            }
        }

        Length = length;
    }

    /// <summary>Writes the image to <paramref name="path"/>; unwritten pages stay holes.</summary>
    public void WriteTo(string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
        file.SetLength(Length);
        foreach (var (page, bytes) in _pages.OrderBy(kv => kv.Key))
        {
            var offset = page * PageSize;
            var count = (int)Math.Min(PageSize, Length - offset);
            if (count > 0)
            {
                file.Position = offset;
                file.Write(bytes, 0, count);
            }
        }
    }

    /// <summary>Reads a file as it is now; all-zero pages are left out.</summary>
    public static SparseImage Read(string path)
    {
        var image = new SparseImage();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[64 * PageSize];
        long offset = 0;
        int read;
        while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
        {
            image.Write(offset, buffer.AsSpan(0, read));
            offset += read;
        }

        image.Length = file.Length;
        return image;
    }
}
