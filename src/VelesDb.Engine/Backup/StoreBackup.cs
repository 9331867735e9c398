using System.Diagnostics;
using System.Globalization;
using VelesDb.Engine.Format;
using VelesDb.Engine.Index;
using VelesDb.Engine.IO;
using VelesDb.Engine.Mapping;
using VelesDb.Engine.Wal;

namespace VelesDb.Engine.Backup;

/// <summary>
/// Writes a backup: the live records of a <see cref="BackupSnapshot"/>, in slot order, into a
/// fresh store of one generation (data file of exactly their slots, an empty log, an index
/// checkpoint written last) inside a hidden temp folder beside the destination. Every file and
/// the folder are synced, the copy is opened and verified, and only then is the folder renamed
/// to the destination and the parent synced. So the destination either does not exist or is a
/// complete, verified store; a killed backup leaves at most the temp folder, whose name says what
/// it is. Each slot's checksum is checked as it is copied, so a backup never launders bit rot.
/// </summary>
internal static class StoreBackup
{
    /// <summary>The generation (and data file) of every backup: a backup is a fresh store.</summary>
    private const long BackupGeneration = 1;

    private const int ChunkBytes = 4 * 1024 * 1024;

    /// <summary>The end of a temp folder's name: <c>.&lt;destination name&gt;.&lt;random&gt;.backup.tmp</c>.</summary>
    public const string TempFolderSuffix = ".backup.tmp";

    public static BackupResult Run(MmapVectorStore store, IStoreFileSystem fs, string destination, IProgress<double>? progress, Action? afterSnapshot)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        var started = Stopwatch.GetTimestamp();
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        ThrowIfExists(fs, target);
        var parent = Path.GetDirectoryName(target)
            ?? throw new ArgumentException($"The destination '{target}' is a root; give a folder to create.", nameof(destination));

        // Folders made above the destination are names in their parents, which a power cut can take away until those are synced.
        var newFolderParents = StoreFolder.Create(fs, parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid().ToString("N", CultureInfo.InvariantCulture)[..8]}{TempFolderSuffix}");
        fs.CreateDirectory(temp);
        try
        {
            long records;
            using (var snapshot = store.PinForBackup())
            {
                afterSnapshot?.Invoke();
                records = WriteStore(fs, temp, snapshot, store.Settings, progress);
            }

            VerifyCopy(fs, temp, records);
            var bytes = BytesOf(fs, new StorePaths(temp));

            // Checked again: something may have been made there while the copy was written.
            ThrowIfExists(fs, target);
            fs.MoveDirectory(temp, target);
            fs.SyncDirectory(parent);
            foreach (var folder in newFolderParents)
            {
                fs.SyncDirectory(folder);
            }

            progress?.Report(1.0);
            return new BackupResult(store.Locator.Canonical, target, records, bytes, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            RemoveTemp(fs, temp);
            throw;
        }
    }

    private static void ThrowIfExists(IStoreFileSystem fs, string target)
    {
        if (fs.DirectoryExists(target) || fs.FileExists(target))
        {
            throw new StoreExistsException(target, "the backup's destination already exists; a backup goes into a new folder, so give a path that does not exist yet (or remove the old backup first).");
        }
    }

    /// <summary>Writes the snapshot's live records as a store in <paramref name="folder"/>, with the source's <paramref name="settings"/>; returns how many.</summary>
    private static long WriteStore(IStoreFileSystem fs, string folder, BackupSnapshot snapshot, StoreSettings settings, IProgress<double>? progress)
    {
        var source = snapshot.Generation;
        var layout = source.Data.Layout;
        var paths = new StorePaths(folder);
        var live = snapshot.Count;
        var index = new SlotIndex(0, live);
        index.Advance(live);
        using (var data = DataFile.Create(fs, paths.Data(BackupGeneration), layout.Dimension, BackupGeneration, layout.FileLengthFor(live)))
        {
            CopyLiveSlots(snapshot, data, index, progress);
            data.Sync();
        }

        using (WriteAheadLog.Create(fs, paths.Wal, layout.Dimension, BackupGeneration, 0))
        {
        }

        if (settings != StoreSettings.Default)
        {
            // The settings (int8 copy or not), not the derived files: the copy's first search makes those again.
            settings.Save(fs, paths.Settings);
        }

        // Last: from the moment the index exists the folder is a store, and every file it names is complete and synced.
        IndexCheckpoint.Write(fs, paths.Index, new FileHeader(FileHeader.IndexMagic, layout.Dimension, BackupGeneration, 0), index);
        return live;
    }

    private static void CopyLiveSlots(BackupSnapshot snapshot, DataFile data, SlotIndex index, IProgress<double>? progress)
    {
        var source = snapshot.Generation;
        var layout = source.Data.Layout;
        var chunk = new byte[Math.Max(layout.SlotSize, ChunkBytes / layout.SlotSize * layout.SlotSize)];
        var inChunk = 0;
        var written = 0L;
        var total = Math.Max(1, snapshot.Count);
        for (var slot = 0L; slot < snapshot.Slots; slot++)
        {
            if (!snapshot.IsLive(slot))
            {
                continue;
            }

            var offset = layout.OffsetOf(slot);
            var bytes = snapshot.Region.Bytes(offset, layout.SlotSize);
            var id = SlotLayout.ReadId(bytes);
            var meta = source.Index.MetaAt(slot);
            if (!layout.Holds(bytes, id) || (meta?.TextKey is not null && RecordMeta.SlotIdOf(meta.KeyUtf8) != id)
                || !index.TryPut(id, written + inChunk, meta))
            {
                throw new StoreCorruptedException(source.Data.Path, offset, $"slot {slot} does not match its checksum or its key; the backup stopped and left no destination. Test the store (Test-VelesStore) before backing it up again.");
            }

            bytes.CopyTo(chunk.AsSpan(inChunk * layout.SlotSize));
            if (++inChunk * layout.SlotSize == chunk.Length)
            {
                // The disk writes this chunk while the next is copied: the final sync then finds little left.
                data.WriteSlots(written, chunk);
                data.StartWriteback(written, inChunk);
                written += inChunk;
                inChunk = 0;
                progress?.Report(0.95 * written / total);
            }
        }

        data.WriteSlots(written, chunk.AsSpan(0, inChunk * layout.SlotSize));
    }

    /// <summary>
    /// Opens the copy as a store and checks it whole (every slot, its key and attributes, the log and
    /// the index file, in file order) and the record count; throws when the copy is not what was written.
    /// </summary>
    private static void VerifyCopy(IStoreFileSystem fs, string folder, long records)
    {
        using var copy = MmapVectorStore.Open(folder, new VectorStoreOptions { FileSystem = fs });
        var report = copy.Check();
        if (report.Damage.Count > 0)
        {
            var damage = report.Damage[0];
            throw new StoreCorruptedException(damage.FilePath, damage.Offset, $"the backup's copy is damaged ({damage.Problem}); the backup left no destination.");
        }

        if (report.RecordsChecked != records || copy.Count != records)
        {
            throw new StoreCorruptedException(Path.Combine(folder, StorePaths.IndexFileName), 0, $"the backup's copy holds {copy.Count} records ({report.RecordsChecked} checked) but {records} were written; the backup left no destination.");
        }
    }

    private static long BytesOf(IStoreFileSystem fs, StorePaths paths) =>
        fs.LengthOf(paths.Data(BackupGeneration)) + fs.LengthOf(paths.Wal) + fs.LengthOf(paths.Index);

    /// <summary>Removes a temp folder after a failure; one that cannot go now stays, named as what it is.</summary>
    private static void RemoveTemp(IStoreFileSystem fs, string temp)
    {
        try
        {
            fs.DeleteDirectory(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left behind: its name is hidden and ends in .backup.tmp, and no destination was made.
        }
    }
}
