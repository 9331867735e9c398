namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// A store's files held in memory, so a test can damage one of them, open the store, and put
/// the pristine files back hundreds of times without copying a 16 MiB data file each time.
/// </summary>
internal sealed class StoreFiles
{
    private readonly Dictionary<string, SparseImage> _images;

    private StoreFiles(Dictionary<string, SparseImage> images, History history)
    {
        _images = images;
        History = history;
    }

    /// <summary>The steps that made the store, to tell which states a damaged store may hold.</summary>
    public History History { get; }

    public IEnumerable<string> Names => _images.Keys;

    public byte[] Bytes(string name)
    {
        var image = _images[name];
        var path = Path.Combine(Path.GetTempPath(), "velesdb-bytes-" + Guid.NewGuid().ToString("N"));
        try
        {
            image.WriteTo(path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public long Length(string name) => _images[name].Length;

    /// <summary>
    /// Runs <paramref name="ops"/> against a new store and captures its files: after a clean close,
    /// or (<paramref name="asAfterKill"/>) while it is still open, with its log full of records.
    /// </summary>
    public static StoreFiles Capture(string directory, int dimension, IReadOnlyList<WorkOp> ops, bool asAfterKill)
    {
        var history = new History(new StoreModel());
        var options = new VectorStoreOptions { Durability = Durability.Process, CheckpointThresholdBytes = 1L << 30, FileSystem = new FaultFileSystem() };
        var store = MmapVectorStore.Create(directory, dimension, options);
        Dictionary<string, SparseImage> images;
        try
        {
            foreach (var op in ops)
            {
                var index = history.Begin(op);
                Workload.Execute(store, op);
                history.End(index, OpOutcome.Acknowledged);
            }

            if (!asAfterKill)
            {
                store.Dispose();
            }

            images = Directory.EnumerateFiles(directory)
                .Where(f => Path.GetFileName(f) != StorePaths.LockFileName)
                .ToDictionary(f => Path.GetFileName(f), SparseImage.Read);
        }
        finally
        {
            store.Dispose();
        }

        return new StoreFiles(images, history);
    }

    /// <summary>Writes the files into a new <paramref name="directory"/>, with <paramref name="name"/> replaced by <paramref name="damaged"/>.</summary>
    public string Lay(string directory, string? name = null, byte[]? damaged = null)
    {
        _ = Directory.CreateDirectory(directory);
        foreach (var (file, image) in _images)
        {
            var path = Path.Combine(directory, file);
            if (file == name && damaged is not null)
            {
                File.WriteAllBytes(path, damaged);
            }
            else
            {
                image.WriteTo(path);
            }
        }

        return directory;
    }
}
