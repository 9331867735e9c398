namespace VelesDb.Engine.Tests.Support;

/// <summary>One file (an inode): its bytes as of the last sync, and the changes since, in order.</summary>
internal sealed class DiskInode(SparseImage durable)
{
    public SparseImage Durable { get; } = durable;

    public List<Action<SparseImage>> Pending { get; } = [];

    public List<(long Offset, byte[] Data)> PendingWrites { get; } = [];

    /// <summary>For each pending change, how many pending writes came before it.</summary>
    public List<int> WritesBefore { get; } = [];

    public int PendingWritesBefore(int change) => change < WritesBefore.Count ? WritesBefore[change] : PendingWrites.Count;

    public void Add(Action<SparseImage> change)
    {
        WritesBefore.Add(PendingWrites.Count);
        Pending.Add(change);
    }

    public void Synced()
    {
        foreach (var change in Pending)
        {
            change(Durable);
        }

        Pending.Clear();
        PendingWrites.Clear();
        WritesBefore.Clear();
    }

    public void Lost()
    {
        Pending.Clear();
        PendingWrites.Clear();
        WritesBefore.Clear();
    }

    public SparseImage ImageAfterPowerCut(Random? torn)
    {
        var image = Durable.Clone();
        if (torn is null || Pending.Count == 0)
        {
            return image;
        }

        // The disk got an in-order prefix of the changes, then scattered sectors of later writes.
        var prefix = torn.Next(Pending.Count + 1);
        foreach (var change in Pending.Take(prefix))
        {
            change(image);
        }

        // Sectors (512 bytes, aligned in the file) are written whole or not at all.
        foreach (var (offset, data) in PendingWrites.Skip(PendingWritesBefore(prefix)))
        {
            var position = offset;
            while (position < offset + data.Length)
            {
                var end = Math.Min(((position / 512) + 1) * 512, offset + data.Length);
                var length = (int)Math.Min(end - position, image.Length - position);
                if (length > 0 && torn.Next(2) == 0)
                {
                    image.Write(position, data.AsSpan((int)(position - offset), length));
                }

                position = end;
            }
        }

        return image;
    }
}
