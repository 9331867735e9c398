using VelesDb.Engine;

namespace VelesDb.PowerShell;

/// <summary>
/// A handle to an open store, shared by every runspace of the process. Closing it (with
/// Close-VelesStore or <see cref="Dispose"/>) closes it for all of them.
/// </summary>
public sealed class VelesStore : IDisposable
{
    private readonly MmapVectorStore _engine;
    private long _countAtClose;

    internal VelesStore(MmapVectorStore engine)
    {
        _engine = engine;
        Path = engine.Directory;
        Dimension = engine.Dimension;
        Durability = engine.Durability;
    }

    /// <summary>The store's directory, as a full path.</summary>
    public string Path { get; }

    /// <summary>Components per vector, fixed when the store was created.</summary>
    public int Dimension { get; }

    /// <summary>Vectors stored now; after closing, as many as there were at close.</summary>
    public long Count => IsOpen ? _engine.Count : Interlocked.Read(ref _countAtClose);

    /// <summary>False once the store has been closed.</summary>
    public bool IsOpen => !_engine.IsDisposed;

    /// <summary>What a write has survived when the cmdlet that made it returns.</summary>
    public Durability Durability { get; }

    /// <summary>The engine behind the handle; throws <see cref="ObjectDisposedException"/> once closed.</summary>
    internal MmapVectorStore Engine
    {
        get
        {
            ObjectDisposedException.ThrowIf(_engine.IsDisposed, this);
            return _engine;
        }
    }

    /// <summary>Flushes and closes the store and forgets it in this process. Closing twice does nothing.</summary>
    public void Dispose() => StoreRegistry.Close(this);

    /// <summary>Closes the engine; called by the registry, which owns the handle's lifetime.</summary>
    internal void CloseEngine()
    {
        if (!_engine.IsDisposed)
        {
            Interlocked.Exchange(ref _countAtClose, _engine.Count);
            _engine.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
