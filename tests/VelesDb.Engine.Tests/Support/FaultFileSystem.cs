using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using VelesDb.Engine.IO;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The store's file system with a recorder, a kill switch and a model of the disk.
/// <para>
/// Every file operation becomes an <see cref="IoEvent"/> in <see cref="Trace"/>; a
/// <see cref="KillPoint"/> stops the world before, inside or after one of them; a
/// <see cref="FailWhen"/> predicate makes one fail with an <see cref="IOException"/> instead
/// (a write torn half-way), and <see cref="FailOn"/> names operations that fail before they run;
/// <see cref="Syncs"/> counts the file syncs, for the tests of what durability costs.
/// </para>
/// <para>
/// The disk model keeps, per file, its bytes as of the last successful Sync, and per directory
/// the names as of the last successful SyncDirectory: creations, renames and deletions are not
/// durable before that. <see cref="WriteDiskImage"/> writes out what a power cut would leave:
/// strictly only that (nothing unsynced survives), or, with a random source, also an in-order
/// prefix of the unsynced changes and a random subset of the later ones' 512-byte sectors (a
/// disk may write back dirty pages in any order). A failed Sync loses the file's unsynced
/// changes for good, as Linux does when it drops pages after a writeback error.
/// </para>
/// </summary>
internal sealed class FaultFileSystem : IStoreFileSystem
{
    private const string LockFile = StorePaths.LockFileName;
    private readonly IStoreFileSystem _inner;
    private readonly object _gate = new();
    private readonly Dictionary<(string, string), int> _occurrences = [];
    private readonly Dictionary<string, DiskInode> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DiskInode> _durableNames = new(StringComparer.Ordinal);
    private readonly List<(string Directory, Action<Dictionary<string, DiskInode>> Change)> _pendingNames = [];
    private readonly HashSet<string> _knownDirectories = new(StringComparer.Ordinal);
    private int _syncs;

    public FaultFileSystem(IStoreFileSystem? inner = null) => _inner = inner ?? OsStoreFileSystem.Instance;

    /// <summary>
    /// The file layer of a child writer the crash tests SIGKILL: real syncs, and a kill at the code
    /// point named by <see cref="KillPoint.EnvironmentVariable"/> (none when it is not set).
    /// </summary>
    public static FaultFileSystem KillingAtNamedPoint()
    {
        var killAt = Environment.GetEnvironmentVariable(KillPoint.EnvironmentVariable);
        return new FaultFileSystem
        {
            RealSync = true,
            Mode = CrashMode.SigKill,
            KillAt = string.IsNullOrEmpty(killAt) ? null : KillPoint.Parse(killAt),
        };
    }

    /// <summary>False skips the real fsync/fdatasync: the fault tests model durability themselves, and the disk is slow.</summary>
    public bool RealSync { get; init; }

    /// <summary>Keep the model of the disk (needed for power cuts and failed syncs; costs a copy of every write).</summary>
    public bool TrackDisk { get; init; }

    public List<IoEvent> Trace { get; } = [];

    public KillPoint? KillAt { get; set; }

    public CrashMode Mode { get; set; } = CrashMode.Kill;

    /// <summary>For <see cref="CrashMode.PowerCut"/>: where the disk image goes.</summary>
    public string? PowerCutDirectory { get; set; }

    /// <summary>For <see cref="CrashMode.PowerCut"/>: null for a strict cut, or the source of a torn one.</summary>
    public Random? TornRandom { get; set; }

    /// <summary>Makes an operation fail with an <see cref="IOException"/> (a Write that spans pages after about half of them).</summary>
    public Func<IoEvent, bool>? FailWhen { get; set; }

    /// <summary>
    /// Makes the named operation on the named file fail before it runs, e.g. ("Sync", "vectors.wal"),
    /// with an <see cref="IOException"/> (as EIO or ENOSPC would): unlike <see cref="FailWhen"/>,
    /// nothing of a failed write lands. The names are the seam's methods (Open, with or without
    /// create, Delete, Replace with the destination's name, SyncDirectory with the directory's,
    /// Write, Allocate, SetLength, Sync), so a test can name a fault without knowing the trace.
    /// </summary>
    public Func<string, string, bool> FailOn { get; set; } = (_, _) => false;

    /// <summary>How many file syncs have gone through (directory syncs are not counted).</summary>
    public int Syncs => Volatile.Read(ref _syncs);

    /// <summary>The operations that <see cref="FailWhen"/> made fail.</summary>
    public List<IoEvent> Failed { get; } = [];

    /// <summary>True once the kill point was reached: the "process" is gone.</summary>
    public bool IsDead { get; private set; }

    public IoEvent? CrashedAt { get; private set; }

    /// <summary>The directory a power cut writes out; by default the first one the engine touched.</summary>
    public string? StoreDirectory { get; set; }

    public IStoreFile Open(string path, bool create)
    {
        if (IsDead)
        {
            return new DeadStoreFile(path);
        }

        var e = Step(create ? "Create" : "Open", path, method: "Open");
        var file = _inner.Open(path, create);
        DiskInode node;
        lock (_gate)
        {
            if (!_names.TryGetValue(path, out var known))
            {
                // A file put there from outside (a test's corruption) counts as already on disk.
                node = new DiskInode(create || !TrackDisk ? new SparseImage() : SparseImage.Read(path));
                _names[path] = node;
                if (create)
                {
                    AddPendingName(path, names => names[path] = node);
                }
                else
                {
                    _durableNames[path] = node;
                }
            }
            else
            {
                node = known;
                if (create)
                {
                    node.Add(image => image.SetLength(0));
                }
            }
        }

        try
        {
            AfterStep(e);
        }
        catch
        {
            file.Dispose();
            throw;
        }

        return new FaultFile(file, node, this);
    }

    public bool FileExists(string path) => _inner.FileExists(path);

    public void Delete(string path)
    {
        if (IsDead)
        {
            return;
        }

        var e = Step("Delete", path);
        _inner.Delete(path);
        lock (_gate)
        {
            _ = _names.Remove(path);
            AddPendingName(path, names => names.Remove(path));
        }

        AfterStep(e);
    }

    public void Replace(string source, string destination)
    {
        if (IsDead)
        {
            return;
        }

        var e = Step("Replace", destination);
        _inner.Replace(source, destination);
        lock (_gate)
        {
            if (_names.Remove(source, out var node))
            {
                _names[destination] = node;
                AddPendingName(destination, names =>
                {
                    if (names.Remove(source, out var moved))
                    {
                        names[destination] = moved;
                    }
                });
            }
        }

        AfterStep(e);
    }

    public void SyncDirectory(string directory)
    {
        if (IsDead)
        {
            return;
        }

        var e = Step("SyncDirectory", Path.Combine(directory, "."), method: "SyncDirectory", methodTarget: directory);
        if (RealSync)
        {
            _inner.SyncDirectory(directory);
        }

        lock (_gate)
        {
            foreach (var name in _durableNames.Keys.Where(p => InDirectory(p, directory)).ToList())
            {
                _ = _durableNames.Remove(name);
            }

            foreach (var (name, node) in _names.Where(kv => InDirectory(kv.Key, directory)))
            {
                _durableNames[name] = node;
            }

            _ = _pendingNames.RemoveAll(p => p.Directory == directory);
        }

        AfterStep(e);
    }

    /// <summary>A folder rename (a backup's last step) is a kill point too, named MoveDirectory with the destination's name.</summary>
    public void MoveDirectory(string source, string destination)
    {
        if (IsDead)
        {
            return;
        }

        var e = Step("MoveDirectory", Path.Combine(destination, "."), method: "MoveDirectory", methodTarget: destination);
        _inner.MoveDirectory(source, destination);
        AfterStep(e);
    }

    /// <summary>A dead process removes nothing: clean-up after a simulated kill must leave what the kill left.</summary>
    public void DeleteDirectory(string path)
    {
        if (!IsDead)
        {
            _inner.DeleteDirectory(path);
        }
    }

    public IEnumerable<string> List(string directory, string searchPattern) => _inner.List(directory, searchPattern);

    /// <summary>Writes the files of <paramref name="directory"/> as a power cut right now would leave them on disk.</summary>
    public void WriteDiskImage(string directory, string target, Random? torn = null)
    {
        lock (_gate)
        {
            Discover(directory);
            var names = new Dictionary<string, DiskInode>(_durableNames.Where(kv => InDirectory(kv.Key, directory)), StringComparer.Ordinal);
            if (torn is not null)
            {
                var pending = _pendingNames.Where(p => p.Directory == directory).ToList();
                foreach (var (_, change) in pending.Take(torn.Next(pending.Count + 1)))
                {
                    change(names);
                }
            }

            _ = Directory.CreateDirectory(target);
            foreach (var (path, node) in names)
            {
                node.ImageAfterPowerCut(torn).WriteTo(Path.Combine(target, Path.GetFileName(path)));
            }
        }
    }

    private IoEvent Step(string operation, string path, bool canTear = false, string? method = null, string? methodTarget = null)
    {
        IoEvent e;
        lock (_gate)
        {
            Discover(Path.GetDirectoryName(path)!);
            var name = Path.GetFileName(path);
            var key = (operation, name);
            var occurrence = _occurrences.GetValueOrDefault(key) + 1;
            _occurrences[key] = occurrence;
            e = new IoEvent(Trace.Count, operation, name, occurrence, canTear);
            Trace.Add(e);
        }

        Reach(e, FaultPosition.Before);
        if (FailWhen?.Invoke(e) == true && operation != "Write")
        {
            Failed.Add(e);
            throw new IOException($"Injected failure of {e} (as EIO or ENOSPC would).");
        }

        var target = Path.GetFileName(methodTarget ?? path);
        if (FailOn(method ?? operation, target))
        {
            throw new IOException($"Injected failure of {method ?? operation} on {target}.");
        }

        return e;
    }

    private void AfterStep(IoEvent e) => Reach(e, FaultPosition.After);

    private void Reach(IoEvent e, FaultPosition position)
    {
        if (KillAt?.Matches(e, position) != true)
        {
            return;
        }

        CrashedAt = e;
        switch (Mode)
        {
            case CrashMode.SigKill:
                Console.Out.Flush();
                Process.GetCurrentProcess().Kill();
                Thread.Sleep(Timeout.Infinite);
                break;
            case CrashMode.PowerCut when !TrackDisk:
                throw new InvalidOperationException("a power cut needs TrackDisk");
            case CrashMode.PowerCut:
                WriteDiskImage(
                    StoreDirectory ?? throw new InvalidOperationException("no store directory seen"),
                    PowerCutDirectory ?? throw new InvalidOperationException("no power-cut directory"),
                    TornRandom);
                break;
            default:
                break;
        }

        IsDead = true;
        throw new SimulatedCrashException($"{(Mode == CrashMode.PowerCut ? "power cut" : "killed")} {position.ToString().ToLowerInvariant()} {e}");
    }

    private void Discover(string directory)
    {
        StoreDirectory ??= directory;
        if (!TrackDisk || !_knownDirectories.Add(directory) || !Directory.Exists(directory))
        {
            return;
        }

        // Files already there are taken as durable: each test starts from a settled directory.
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            if (Path.GetFileName(path) == LockFile || _names.ContainsKey(path))
            {
                continue;
            }

            var node = new DiskInode(SparseImage.Read(path));
            _names[path] = node;
            _durableNames[path] = node;
        }
    }

    private void AddPendingName(string path, Action<Dictionary<string, DiskInode>> change) =>
        _pendingNames.Add((Path.GetDirectoryName(path)!, change));

    private static bool InDirectory(string path, string directory) =>
        string.Equals(Path.GetDirectoryName(path), directory.TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);

    private sealed class FaultFile(IStoreFile inner, DiskInode node, FaultFileSystem owner) : IStoreFile
    {
        public string Path => inner.Path;

        public long Length => inner.Length;

        public SafeFileHandle Handle => inner.Handle;

        public int Read(Span<byte> buffer, long offset) => inner.Read(buffer, offset);

        public void Write(ReadOnlySpan<byte> data, long offset)
        {
            if (owner.IsDead)
            {
                return;
            }

            var e = owner.Step("Write", Path, canTear: TornLength(offset, data.Length) > 0);
            var fail = owner.FailWhen?.Invoke(e) == true;
            var inside = owner.KillAt?.Matches(e, FaultPosition.Inside) == true;
            if (fail || (inside && TornLength(offset, data.Length) > 0))
            {
                // A torn write: the pages up to about half of it land, then the failure or the kill.
                // (The kernel stops a write only between pages, so a write inside one page is all or nothing.)
                var half = data[..TornLength(offset, data.Length)];
                inner.Write(half, offset);
                Record(half, offset);
                if (fail)
                {
                    owner.Failed.Add(e);
                    throw new IOException($"Injected failure of {e} after {half.Length} of {data.Length} bytes (as ENOSPC would).");
                }

                owner.Reach(e, FaultPosition.Inside);
            }

            inner.Write(data, offset);
            Record(data, offset);
            owner.AfterStep(e);
        }

        /// <summary>Where a kill can cut a write: the last page boundary before its middle, or 0 when it stays in one page.</summary>
        public static int TornLength(long offset, int length)
        {
            var middle = offset + (length / 2);
            var boundary = middle / SparseImage.PageSize * SparseImage.PageSize;
            return boundary > offset ? (int)(boundary - offset) : 0;
        }

        public void Allocate(long length) =>
            Resize("Allocate", () => inner.Allocate(length), image => image.SetLength(Math.Max(image.Length, length)));

        public void SetLength(long length) =>
            Resize("SetLength", () => inner.SetLength(length), image => image.SetLength(length));

        public void Sync()
        {
            if (owner.IsDead)
            {
                return;
            }

            IoEvent e;
            try
            {
                e = owner.Step("Sync", Path);
            }
            catch (IOException)
            {
                lock (owner._gate)
                {
                    node.Lost();
                }

                throw;
            }

            _ = Interlocked.Increment(ref owner._syncs);
            if (owner.RealSync)
            {
                inner.Sync();
            }

            lock (owner._gate)
            {
                node.Synced();
            }

            owner.AfterStep(e);
        }

        public void Dispose() => inner.Dispose();

        /// <summary>An allocation or truncation: on the real file now, in the disk model once synced.</summary>
        private void Resize(string operation, Action apply, Action<SparseImage> change)
        {
            if (owner.IsDead)
            {
                return;
            }

            var e = owner.Step(operation, Path);
            apply();
            lock (owner._gate)
            {
                node.Add(change);
            }

            owner.AfterStep(e);
        }

        private void Record(ReadOnlySpan<byte> data, long offset)
        {
            if (!owner.TrackDisk)
            {
                return;
            }

            var copy = data.ToArray();
            lock (owner._gate)
            {
                node.Add(image => image.Write(offset, copy));
                node.PendingWrites.Add((offset, copy));
            }
        }
    }
}
