using VelesDb.Engine;
using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell;

/// <summary>
/// A handle to an open store, shared by every runspace of the process. Closing it (with
/// Close-VelesStore or <see cref="Dispose"/>) closes it for all of them.
/// </summary>
public sealed class VelesStore : IDisposable
{
    private readonly IVectorStore _backing;
    private long _countAtClose;

    internal VelesStore(IVectorStore backing)
    {
        _backing = backing;
        Locator = backing.Locator;
        Path = backing.Locator.Canonical;
        Backend = backing.Backend;
        Dimension = backing.Dimension;
        Durability = backing.Durability;
    }

    /// <summary>Where the store lives: a folder's full path for an embedded store. It binds to -Path of the next cmdlet.</summary>
    public string Path { get; }

    /// <summary>The backend that keeps the store: Mmap for an embedded store.</summary>
    public string Backend { get; }

    /// <summary>Components per vector, fixed when the store was created.</summary>
    public int Dimension { get; }

    /// <summary>Vectors stored now; after closing, as many as there were at close.</summary>
    public long Count => IsOpen ? _backing.Count : Interlocked.Read(ref _countAtClose);

    /// <summary>False once the store has been closed.</summary>
    public bool IsOpen => _backing.IsOpen;

    /// <summary>What a write has survived when the cmdlet that made it returns.</summary>
    public Durability Durability { get; }

    /// <summary>The canonical locator the registry knows the store by.</summary>
    internal StoreLocator Locator { get; }

    /// <summary>The store behind the handle; throws <see cref="ObjectDisposedException"/> once closed.</summary>
    internal IVectorStore Backing
    {
        get
        {
            ObjectDisposedException.ThrowIf(!_backing.IsOpen, this);
            return _backing;
        }
    }

    /// <summary>Flushes and closes the store and forgets it in this process. Closing twice does nothing.</summary>
    public void Dispose() => StoreRegistry.Close(this);

    /// <summary>Closes the backing store; called by the registry, which owns the handle's lifetime.</summary>
    internal void CloseBacking()
    {
        if (_backing.IsOpen)
        {
            try
            {
                Interlocked.Exchange(ref _countAtClose, _backing.Count);
            }
            catch (VelesDbException)
            {
                // A server store whose server cannot be reached has no count to give; it closes all the same (Count stays as last known: 0).
            }

            _backing.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Path;
}
