using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.Mapping;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine;

/// <summary>Creating and opening stores: locking, recovery, and clearing what a crash left behind.</summary>
public sealed partial class MmapVectorStore
{
    private const long FirstGeneration = 1;

    /// <summary>
    /// Creates a new store in <paramref name="directory"/> (created if missing). Fails with
    /// <see cref="StoreExistsException"/> when a store, or a file, is already there.
    /// </summary>
    public static MmapVectorStore Create(string directory, int dimension, VectorStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (dimension < 1 || dimension > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The dimension must be between 1 and {MaxDimension}.");
        }

        options ??= new VectorStoreOptions();
        var fullPath = Path.GetFullPath(directory);
        if (File.Exists(fullPath))
        {
            throw new StoreExistsException(fullPath, "a file with that name exists; choose a directory path.");
        }

        var newFolderParents = CreateFolders(fullPath);
        var paths = new StorePaths(fullPath);
        var storeLock = StoreLock.Acquire(paths.Lock);
        try
        {
            var fs = options.FileSystem;
            if (fs.FileExists(paths.Index))
            {
                throw new StoreExistsException(fullPath, "a VelesDb store already exists there; open it instead (Open-VelesStore / MmapVectorStore.Open).");
            }

            // Without an index nothing here was ever a store: leftovers of a crashed create go.
            DeleteStaleFiles(fs, paths, keepGeneration: 0);
            var data = DataFile.Create(fs, paths.Data(FirstGeneration), dimension, FirstGeneration, GrowthPolicy.InitialBytes);
            var generation = new Generation(FirstGeneration, data, new SlotIndex(0));
            WriteAheadLog? wal = null;
            try
            {
                wal = WriteAheadLog.Create(fs, paths.Wal, dimension, FirstGeneration, 0);
                data.Sync();

                // The index is written last: its appearance is what makes the directory a store.
                IndexCheckpoint.Write(fs, paths.Index, new FileHeader(FileHeader.IndexMagic, dimension, FirstGeneration, 0), generation.Index);

                // Last, so the store's own files come first in its directory's history; before
                // returning, so an acknowledged store cannot vanish with its folder in a power cut.
                foreach (var parent in newFolderParents)
                {
                    fs.SyncDirectory(parent);
                }

                return new MmapVectorStore(paths, options, storeLock, wal, generation, 0);
            }
            catch
            {
                wal?.Dispose();
                data.Dispose();
                throw;
            }
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens an existing store, recovering every acknowledged write from the log after a crash.
    /// The dimension is read from the store.
    /// </summary>
    public static MmapVectorStore Open(string directory, VectorStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        options ??= new VectorStoreOptions();
        var fullPath = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(fullPath))
        {
            throw new StoreNotFoundException(fullPath, File.Exists(fullPath) ? "it is a file, not a store directory." : "the directory does not exist.");
        }

        var paths = new StorePaths(fullPath);
        var fs = options.FileSystem;
        if (!fs.FileExists(paths.Index))
        {
            throw new StoreNotFoundException(fullPath, $"the directory has no '{StorePaths.IndexFileName}'; create a store there first (New-VelesStore / MmapVectorStore.Create).");
        }

        var storeLock = StoreLock.Acquire(paths.Lock);
        try
        {
            return Recover(paths, options, storeLock);
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    private static MmapVectorStore Recover(StorePaths paths, VectorStoreOptions options, StoreLock storeLock)
    {
        var fs = options.FileSystem;
        var (header, index) = IndexCheckpoint.Read(fs, paths.Index);
        var dataPath = paths.Data(header.Generation);
        if (!fs.FileExists(dataPath))
        {
            throw new StoreCorruptedException(paths.Index, 16, $"the index names the data file '{Path.GetFileName(dataPath)}', which is missing.");
        }

        var data = DataFile.Open(fs, dataPath, header.Dimension, header.Generation, index.HighWater);

        // Only once the named data file has opened: files of other generations are then leftovers.
        DeleteStaleFiles(fs, paths, header.Generation);
        WriteAheadLog? wal = null;
        try
        {
            var records = new List<WalRecord>();
            if (fs.FileExists(paths.Wal) && !IsUnwrittenLog(fs, paths.Wal))
            {
                wal = WriteAheadLog.Open(fs, paths.Wal, out records);
                if (wal.Header.Dimension != header.Dimension)
                {
                    throw new StoreCorruptedException(paths.Wal, 12, $"the log holds dimension {wal.Header.Dimension} but the index says {header.Dimension}.");
                }

                // A log of another generation predates the last compaction, whose checkpoint holds all of it.
                if (wal.Header.Generation != header.Generation)
                {
                    records.Clear();
                }
            }
            else
            {
                // A missing log (or one killed before its header landed) holds nothing: the
                // checkpoint has it all. The new name must be durable before a write goes into it.
                wal = WriteAheadLog.Create(fs, paths.Wal, header.Dimension, header.Generation, header.Sequence);
                fs.SyncDirectory(paths.Directory);
            }

            var sequence = WalReplayer.Replay(records, header.Sequence, data, index, out var refused);
            var store = new MmapVectorStore(paths, options, storeLock, wal, new Generation(header.Generation, data, index), sequence);
            // Fold a replayed log into a fresh checkpoint, so the next open (or crash) starts clean.
            // A log that does not continue the checkpoint is reset too, even when it holds no
            // records: a kill between cutting the log and writing its new header leaves the
            // previous header, whose older sequence would hide every record appended after it.
            // On a full disk the checkpoint waits, so the store still opens for reading.
            if (records.Count > 0 || refused > 0 || wal.Header.Generation != header.Generation || wal.Header.Sequence != header.Sequence)
            {
                store.CheckpointOrDefer();
            }

            return store;
        }
        catch
        {
            wal?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>
    /// True for a log that was created but never got its header: a kill between creating the file
    /// and writing the header leaves it empty, or header-sized and zero. It cannot hold a record.
    /// </summary>
    private static bool IsUnwrittenLog(IO.IStoreFileSystem fs, string path)
    {
        using var file = fs.Open(path, create: false);
        if (file.Length > WriteAheadLog.HeaderSize)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[WriteAheadLog.HeaderSize];
        var read = file.Read(bytes, 0);
        return !bytes[..read].ContainsAnyExcept((byte)0);
    }

    /// <summary>
    /// Creates the store's folder and every missing one above it. Returns the parents of the
    /// folders it made: each new folder is a name in its parent, which a power cut can take away
    /// (with the store inside) until that parent is synced.
    /// </summary>
    private static List<string> CreateFolders(string fullPath)
    {
        var created = new List<string>();
        for (var folder = fullPath; !System.IO.Directory.Exists(folder); folder = Path.GetDirectoryName(folder)!)
        {
            created.Add(folder);
            if (Path.GetDirectoryName(folder) is null)
            {
                break;
            }
        }

        _ = System.IO.Directory.CreateDirectory(fullPath);
        return [.. created.Select(folder => Path.GetDirectoryName(folder)).OfType<string>()];
    }

    private static void DeleteStaleFiles(IO.IStoreFileSystem fs, StorePaths paths, long keepGeneration)
    {
        var keep = keepGeneration > 0 ? paths.Data(keepGeneration) : null;
        foreach (var file in fs.List(paths.Directory, StorePaths.DataFilePattern).Concat(fs.List(paths.Directory, "vectors.*.tmp")))
        {
            if (!string.Equals(file, keep, StringComparison.Ordinal))
            {
                fs.DeleteUnreferencedAsync(file).Wait();
            }
        }

        if (keepGeneration == 0 && fs.FileExists(paths.Wal))
        {
            fs.Delete(paths.Wal);
        }
    }
}
