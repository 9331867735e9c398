using System.Runtime.InteropServices;
using LightningDB;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>
/// LMDB through LightningDB with its defaults (a synced commit per write transaction): one
/// transaction per batch, 8-byte integer keys (MDB_INTEGERKEY), the vector as the value. Reads
/// reuse one read-only transaction (the fastest way LMDB reads); zero-copy reads use the span
/// LMDB returns into its map.
/// </summary>
internal sealed class LmdbAdapter : IVectorStoreUnderTest
{
    private LightningEnvironment? _environment;
    private LightningDatabase? _database;
    private LightningTransaction? _reader;
    private string _directory = "";
    private long _mapSize;
    private string _version = "";

    public string Name => "LMDB";

    public string Description => $"LightningDB 0.23.1 over {LmdbLibrary.Loaded}, LMDB {_version}; synced commit per batch, MDB_INTEGERKEY, one read transaction for all reads, compaction = mdb_env_copy2(MDB_CP_COMPACT) + fsync + rename";

    public bool SupportsZeroCopy => true;

    /// <summary>The map must hold the whole store; the file grows only as pages are used.</summary>
    public long MapSize
    {
        get => _mapSize;
        set => _mapSize = value;
    }

    private LightningEnvironment Environment => _environment ?? throw new InvalidOperationException("LMDB is not open.");

    private LightningDatabase Database => _database ?? throw new InvalidOperationException("LMDB is not open.");

    public void Create(string directory, int dimension) => OpenEnvironment(directory);

    public void Open(string directory, int dimension) => OpenEnvironment(directory);

    public void InsertBatchDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors)
    {
        EndRead();
        var dimension = vectors.Length / ids.Length;
        using var transaction = Environment.BeginTransaction();
        for (var i = 0; i < ids.Length; i++)
        {
            var id = ids[i];
            Check(transaction.Put(Database, Key(ref id), MemoryMarshal.AsBytes(vectors.Slice(i * dimension, dimension))));
        }

        Check(transaction.Commit());
    }

    public void InsertOneDurable(ulong id, ReadOnlySpan<float> vector) => InsertBatchDurable([id], vector);

    public bool Read(ulong id, Span<float> destination)
    {
        var (code, _, value) = Reader().Get(Database, Key(ref id));
        if (code != MDBResultCode.Success)
        {
            return false;
        }

        value.AsSpan().CopyTo(MemoryMarshal.AsBytes(destination));
        return true;
    }

    public float ReadZeroCopy(ulong id)
    {
        var (code, _, value) = Reader().Get(Database, Key(ref id));
        if (code != MDBResultCode.Success)
        {
            return float.NaN;
        }

        var vector = MemoryMarshal.Cast<byte, float>(value.AsSpan());
        return vector[0] + vector[^1];
    }

    public void DeleteBatch(ReadOnlySpan<ulong> ids)
    {
        EndRead();
        using var transaction = Environment.BeginTransaction();
        foreach (var value in ids)
        {
            var id = value;
            Check(transaction.Delete(Database, Key(ref id)));
        }

        Check(transaction.Commit());
    }

    /// <summary>Every commit is already synced; an extra sync mirrors the other stores' final flush.</summary>
    public void Flush() => Environment.Flush(force: true);

    /// <summary>A compacting copy (free pages dropped), synced, then renamed over the data file.</summary>
    public void Compact()
    {
        EndRead();
        var copyFolder = Path.Combine(_directory, "compact");
        Directory.CreateDirectory(copyFolder);
        Check(Environment.CopyTo(copyFolder, compact: true));
        var copy = Path.Combine(copyFolder, "data.mdb");
        using (var handle = File.OpenHandle(copy, FileMode.Open, FileAccess.ReadWrite))
        {
            DurableFiles.DataSync(handle);
        }

        CloseEnvironment();
        File.Move(copy, Path.Combine(_directory, "data.mdb"), overwrite: true);
        DurableFiles.SyncDirectory(_directory);
        Directory.Delete(copyFolder, recursive: true);
        OpenEnvironment(_directory);
    }

    public void Close() => CloseEnvironment();

    public void Dispose() => CloseEnvironment();

    private void OpenEnvironment(string directory)
    {
        if (LmdbLibrary.Failure is { } failure)
        {
            throw new InvalidOperationException(failure);
        }

        _directory = directory;
        var environment = new LightningEnvironment(directory, new EnvironmentConfiguration { MapSize = _mapSize, MaxDatabases = 1 });
        environment.Open();
        _version = $"{environment.Version.Major}.{environment.Version.Minor}.{environment.Version.Patch}";
        using (var transaction = environment.BeginTransaction())
        {
            _database = transaction.OpenDatabase(configuration: new DatabaseConfiguration { Flags = DatabaseOpenFlags.Create | DatabaseOpenFlags.IntegerKey });
            Check(transaction.Commit());
        }

        _environment = environment;
    }

    private void CloseEnvironment()
    {
        EndRead();
        _database?.Dispose();
        _database = null;
        _environment?.Dispose();
        _environment = null;
    }

    private LightningTransaction Reader() => _reader ??= Environment.BeginTransaction(TransactionBeginFlags.ReadOnly);

    private void EndRead()
    {
        _reader?.Dispose();
        _reader = null;
    }

    private static ReadOnlySpan<byte> Key(ref ulong id) => MemoryMarshal.AsBytes(new ReadOnlySpan<ulong>(ref id));

    private static void Check(MDBResultCode code)
    {
        if (code != MDBResultCode.Success)
        {
            throw new InvalidOperationException($"LMDB returned {code}.");
        }
    }
}
