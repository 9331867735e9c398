using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace VelesDb.Benchmarks.Adapters;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite: WAL journal, synchronous=FULL, one transaction per
/// batch, one row per vector (INTEGER PRIMARY KEY id, BLOB vector), prepared statements reused.
/// Compaction is VACUUM. Closing the last connection checkpoints and removes the WAL.
/// </summary>
internal sealed class SqliteAdapter : IVectorStoreUnderTest
{
    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteParameter? _insertId;
    private SqliteParameter? _insertVector;
    private SqliteCommand? _select;
    private SqliteParameter? _selectId;
    private byte[] _row = [];
    private int _dimension;

    public string Name => "SQLite";

    public string Description => $"Microsoft.Data.Sqlite (SQLite {SqliteVersion()}); journal_mode=WAL, synchronous=FULL, one transaction per batch, BLOB per vector, VACUUM to compact";

    public bool SupportsZeroCopy => false;

    private SqliteConnection Connection => _connection ?? throw new InvalidOperationException("SQLite is not open.");

    public void Create(string directory, int dimension)
    {
        OpenConnection(directory, dimension);
        Execute("CREATE TABLE vectors (id INTEGER PRIMARY KEY, vector BLOB NOT NULL)");
        Prepare();
    }

    public void Open(string directory, int dimension)
    {
        OpenConnection(directory, dimension);
        Prepare();
    }

    public void InsertBatchDurable(ReadOnlySpan<ulong> ids, ReadOnlySpan<float> vectors)
    {
        using var transaction = Connection.BeginTransaction();
        _insert!.Transaction = transaction;
        for (var i = 0; i < ids.Length; i++)
        {
            _insertId!.Value = checked((long)ids[i]);
            MemoryMarshal.AsBytes(vectors.Slice(i * _dimension, _dimension)).CopyTo(_row);
            _insertVector!.Value = _row;
            _ = _insert.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public void InsertOneDurable(ulong id, ReadOnlySpan<float> vector) => InsertBatchDurable([id], vector);

    public bool Read(ulong id, Span<float> destination)
    {
        _selectId!.Value = checked((long)id);
        using var reader = _select!.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }

        _ = reader.GetBytes(0, 0, _row, 0, _row.Length);
        MemoryMarshal.Cast<byte, float>(_row).CopyTo(destination);
        return true;
    }

    public float ReadZeroCopy(ulong id) => throw new NotSupportedException("Microsoft.Data.Sqlite copies every blob it returns.");

    public void DeleteBatch(ReadOnlySpan<ulong> ids)
    {
        using var transaction = Connection.BeginTransaction();
        using var delete = Connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM vectors WHERE id = $id";
        var id = delete.Parameters.Add("$id", SqliteType.Integer);
        delete.Prepare();
        foreach (var value in ids)
        {
            id.Value = checked((long)value);
            _ = delete.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>Every commit is already synced (synchronous=FULL); nothing is left to flush.</summary>
    public void Flush()
    {
    }

    public void Compact() => Execute("VACUUM");

    public void Close()
    {
        _insert?.Dispose();
        _select?.Dispose();
        _insert = _select = null;
        _connection?.Dispose();
        _connection = null;
    }

    public void Dispose() => Close();

    private void OpenConnection(string directory, int dimension)
    {
        _dimension = dimension;
        _row = new byte[dimension * sizeof(float)];
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "vectors.sqlite"),
            Pooling = false,
        };
        _connection = new SqliteConnection(builder.ConnectionString);
        _connection.Open();
        Execute("PRAGMA journal_mode=WAL");
        Execute("PRAGMA synchronous=FULL");
    }

    private void Prepare()
    {
        _insert = Connection.CreateCommand();
        _insert.CommandText = "INSERT OR REPLACE INTO vectors (id, vector) VALUES ($id, $vector)";
        _insertId = _insert.Parameters.Add("$id", SqliteType.Integer);
        _insertVector = _insert.Parameters.Add("$vector", SqliteType.Blob);
        _select = Connection.CreateCommand();
        _select.CommandText = "SELECT vector FROM vectors WHERE id = $id";
        _selectId = _select.Parameters.Add("$id", SqliteType.Integer);
        _select.Prepare();
    }

    private void Execute(string sql)
    {
        using var command = Connection.CreateCommand();
        command.CommandText = sql;
        _ = command.ExecuteNonQuery();
    }

    private static string SqliteVersion()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        return connection.ServerVersion;
    }
}
