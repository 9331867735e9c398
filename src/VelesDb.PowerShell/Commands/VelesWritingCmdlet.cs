using VelesDb.Engine.Contract;

namespace VelesDb.PowerShell.Commands;

/// <summary>
/// A cmdlet that writes through a store's write scope: one scope per store the pipeline brings
/// (committed when records of another store arrive, and at the end), so group commit lives in the
/// engine and a pipeline costs one durable step per batch. What was accepted is written even when
/// the pipeline stops early (Select-Object -First, Ctrl+C, a terminating error elsewhere), in
/// <see cref="Dispose"/>, which PowerShell calls once the pipeline has stopped.
/// </summary>
public abstract class VelesWritingCmdlet : VelesStoreCmdlet, IDisposable
{
    private IStoreWriter? _writer;
    private VelesStore? _writerStore;

    /// <summary>The write scope in use, or null before the first record.</summary>
    private protected IStoreWriter? Writer => _writer;

    /// <summary>The store <see cref="Writer"/> writes to.</summary>
    private protected VelesStore? WriterStore => _writerStore;

    /// <summary>The write scope of <paramref name="store"/>, committing the previous store's first when the pipeline moves to another.</summary>
    private protected IStoreWriter WriterFor(VelesStore store, Func<IVectorStore, IStoreWriter> begin)
    {
        if (!ReferenceEquals(store, _writerStore))
        {
            CommitWriter();
            _writer = begin(RequireOpen(store));
            _writerStore = store;
        }

        return _writer!;
    }

    /// <summary>Runs once a scope has committed: say what it did (-Verbose) and write out what -PassThru asks for.</summary>
    private protected abstract void OnCommitted(IStoreWriter writer, VelesStore store);

    /// <summary>Runs when a scope is let go of, committed or not.</summary>
    private protected virtual void OnReleased()
    {
    }

    /// <inheritdoc/>
    protected override void EndProcessing() => CommitWriter();

    /// <summary>Nothing to interrupt: a batch call is short and atomic. What was accepted is written in <see cref="Dispose"/>.</summary>
    protected override void StopProcessing()
    {
    }

    /// <summary>Writes what was accepted when the pipeline stopped early, durably. After a normal end there is nothing left to do.</summary>
    public void Dispose()
    {
        try
        {
            _writer?.Dispose();
        }
        catch (Exception e) when (e is AggregateException || VelesErrors.IsMapped(e))
        {
            // The pipeline is gone, so there is no one to tell: these changes were never acknowledged,
            // and a failed store reports its failure on the next command.
        }
        finally
        {
            Release();
        }

        GC.SuppressFinalize(this);
    }

    private void CommitWriter()
    {
        if (_writer is not { } writer || _writerStore is not { } store)
        {
            return;
        }

        try
        {
            writer.Commit();
            OnCommitted(writer, store);
            writer.Dispose();
        }
        catch (Exception e) when (VelesErrors.IsMapped(e))
        {
            ThrowEngineError(e, store);
        }
        finally
        {
            Release();
        }
    }

    private void Release()
    {
        _writer = null;
        _writerStore = null;
        OnReleased();
    }
}
