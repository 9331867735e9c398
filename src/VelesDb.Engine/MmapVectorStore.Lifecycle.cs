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
    /// <see cref="StoreExistsException"/> when a store, or a file, is already there, and with
    /// <see cref="ForeignFilesException"/> when the folder holds files named like a store's.
    /// Other files in the folder are fine: the store never touches them.
    /// </summary>
    public static MmapVectorStore Create(string directory, int dimension, VectorStoreOptions? options = null) =>
        Create(directory, dimension, options, force: false);

    /// <summary>
    /// As <see cref="Create(string, int, VectorStoreOptions?)"/>. With <paramref name="force"/>,
    /// also in a folder holding files that only look like a store's (such as <c>vectors.old.dat</c>
    /// or <c>vectors.backup.tmp</c>); they are kept and never touched. A file with one of the
    /// names the store's own files take (<c>vectors.wal</c>, <c>vectors.000001.dat</c>, ...) is
    /// refused even then: nothing the store did not write is ever deleted or overwritten.
    /// </summary>
    public static MmapVectorStore Create(string directory, int dimension, VectorStoreOptions? options, bool force)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (dimension < 1 || dimension > MaxDimension)
        {
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"The dimension must be between 1 and {MaxDimension}.");
        }

        options ??= new VectorStoreOptions();
        var fs = options.FileSystem;
        var fullPath = Path.GetFullPath(directory);
        if (fs.FileExists(fullPath))
        {
            throw new StoreExistsException(fullPath, "a file with that name exists; choose a directory path.");
        }

        var newFolderParents = StoreFolder.Create(fs, fullPath);
        var paths = new StorePaths(fullPath);
        ThrowIfStoreExists(fs, paths);
        StoreFolder.ThrowIfForeignFiles(fs, paths, force);
        var storeLock = fs.AcquireLock(paths.Lock);
        try
        {
            // Again under the lock: another creator may have finished in between.
            ThrowIfStoreExists(fs, paths);

            // The index comes first: from the moment it exists the folder is a store, and every
            // file named in it is the store's own to write. An open after a crash from here on
            // makes whatever is missing; before it, nothing of the store's exists but a temp file.
            var index = new SlotIndex(0);
            IndexCheckpoint.Write(fs, paths.Index, new FileHeader(FileHeader.IndexMagic, dimension, FirstGeneration, 0), index);
            DataFile? data = null;
            WriteAheadLog? wal = null;
            try
            {
                data = CreateFirstDataFile(fs, paths, dimension);
                wal = WriteAheadLog.Create(fs, paths.Wal, dimension, FirstGeneration, 0);
                var settings = StoreSettings.Default with { Quantization = options.Quantization };
                if (!settings.IsDefault)
                {
                    settings.Save(fs, paths.Settings);
                }

                fs.SyncDirectory(paths.Directory);

                // Before returning, so an acknowledged store cannot vanish with its folder in a power cut.
                foreach (var parent in newFolderParents)
                {
                    fs.SyncDirectory(parent);
                }

                var created = new MmapVectorStore(paths, options, storeLock, wal, new Generation(FirstGeneration, data, index), 0);
                created.UseSettings(settings);
                return created;
            }
            catch
            {
                wal?.Dispose();
                data?.Dispose();
                throw;
            }
        }
        catch
        {
            storeLock.Dispose();
            throw;
        }
    }

    private static void ThrowIfStoreExists(IO.IStoreFileSystem fs, StorePaths paths)
    {
        if (fs.FileExists(paths.Index))
        {
            throw new StoreExistsException(paths.Directory, "a VelesDb store already exists there; open it instead (Open-VelesStore / MmapVectorStore.Open).");
        }
    }

    /// <summary>Makes and syncs the first generation's data file, which holds no slots yet.</summary>
    private static DataFile CreateFirstDataFile(IO.IStoreFileSystem fs, StorePaths paths, int dimension)
    {
        var data = DataFile.Create(fs, paths.Data(FirstGeneration), dimension, FirstGeneration, GrowthPolicy.InitialBytes);
        try
        {
            data.Sync();
            return data;
        }
        catch
        {
            data.Dispose();
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
        var fs = options.FileSystem;
        var fullPath = Path.GetFullPath(directory);
        if (!fs.DirectoryExists(fullPath))
        {
            throw new StoreNotFoundException(fullPath, fs.FileExists(fullPath) ? "it is a file, not a store directory." : "the directory does not exist.");
        }

        var paths = new StorePaths(fullPath);
        if (!fs.FileExists(paths.Index))
        {
            throw new StoreNotFoundException(fullPath, $"the directory has no '{StorePaths.IndexFileName}'; create a store there first (New-VelesStore / MmapVectorStore.Create).");
        }

        var storeLock = fs.AcquireLock(paths.Lock);
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

    private static MmapVectorStore Recover(StorePaths paths, VectorStoreOptions options, IDisposable storeLock)
    {
        var fs = options.FileSystem;
        var (header, index) = IndexCheckpoint.Read(fs, paths.Index);
        var dataPath = paths.Data(header.Generation);
        DataFile data;
        if (IsCreateCutShort(fs, header, index, dataPath))
        {
            // Create was stopped after its index: the data file of a store that never took a write is made again.
            data = CreateFirstDataFile(fs, paths, header.Dimension);
            fs.SyncDirectory(paths.Directory);
        }
        else if (!fs.FileExists(dataPath))
        {
            throw new StoreCorruptedException(paths.Index, FileHeader.GenerationOffset, $"the index names the data file '{Path.GetFileName(dataPath)}', which is missing.");
        }
        else
        {
            data = DataFile.Open(fs, dataPath, header.Dimension, header.Generation, index.HighWater);
        }

        // Only once the named data file has opened: files of other generations are then leftovers.
        StoreFolder.DeleteLeftovers(fs, paths, header.Generation);
        var settings = StoreSettings.Load(fs, paths.Settings);
        DeleteStaleDerived(fs, paths, settings, header.Generation);
        WriteAheadLog? wal = null;
        try
        {
            var records = new List<WalRecord>();
            if (fs.FileExists(paths.Wal) && !IsUnwrittenLog(fs, paths.Wal))
            {
                wal = WriteAheadLog.Open(fs, paths.Wal, out records);
                if (wal.Header.Dimension != header.Dimension)
                {
                    throw new StoreCorruptedException(paths.Wal, FileHeader.DimensionOffset, $"the log holds dimension {wal.Header.Dimension} but the index says {header.Dimension}.");
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
            store.UseSettings(settings);
            // Fold a replayed log into a fresh checkpoint, so the next open (or crash) starts clean.
            // A log that does not continue the checkpoint is reset too, even when it holds no
            // records: a kill between cutting the log and writing its new header leaves the
            // previous header, whose older sequence would hide every record appended after it.
            // On a full disk the checkpoint waits, so the store still opens for reading.
            // A store of an earlier format version is upgraded the same way: the checkpoint writes
            // the index and the log's header in the current version (the data file's format is unchanged).
            if (records.Count > 0 || refused > 0 || wal.Header.Generation != header.Generation || wal.Header.Sequence != header.Sequence
                || header.Version < FileHeader.CurrentVersion || wal.Header.Version < FileHeader.CurrentVersion)
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
    /// True when the index is the one Create writes first (generation 1, nothing logged, no slot
    /// handed out) and the data file is missing or has no header yet: Create stopped before it
    /// returned, so no write can refer to that file.
    /// </summary>
    private static bool IsCreateCutShort(IO.IStoreFileSystem fs, FileHeader header, SlotIndex index, string dataPath)
    {
        if (header.Generation != FirstGeneration || header.Sequence != 0 || index.HighWater != 0)
        {
            return false;
        }

        if (!fs.FileExists(dataPath))
        {
            return true;
        }

        using var file = fs.Open(dataPath, create: false);
        Span<byte> bytes = stackalloc byte[FileHeader.Size];
        var read = file.Read(bytes, 0);
        return read < FileHeader.Size || !bytes.ContainsAnyExcept((byte)0);
    }
}
