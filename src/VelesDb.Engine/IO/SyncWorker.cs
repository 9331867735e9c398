namespace VelesDb.Engine.IO;

/// <summary>
/// A thread of the store's own that runs one sync while the caller runs another, so a batch
/// whose slots and log record both need syncing waits for the slower of the two rather than for
/// their sum. (No order between the two is needed: replay checks each slot against its record.)
/// A dedicated thread, not the thread pool, so a caller that is itself a pool thread never waits
/// behind a starved pool.
/// </summary>
internal sealed class SyncWorker : IDisposable
{
    private readonly SemaphoreSlim _requested = new(0);
    private readonly ManualResetEventSlim _done = new(false);
    private Thread? _thread;
    private Action? _work;
    private Exception? _error;
    private volatile bool _stopping;

    /// <summary>Runs <paramref name="background"/> on the worker and <paramref name="foreground"/> here; returns when both have.</summary>
    public void RunBoth(Action background, Action foreground)
    {
        EnsureStarted();
        _work = background;
        _error = null;
        _done.Reset();
        _ = _requested.Release();
        Exception? foregroundError = null;
        try
        {
            foreground();
        }
        catch (Exception e)
        {
            foregroundError = e;
        }

        _done.Wait();
        if (foregroundError is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(foregroundError);
        }

        if (_error is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_error);
        }
    }

    public void Dispose()
    {
        if (_thread is null)
        {
            return;
        }

        _stopping = true;
        _ = _requested.Release();
        _thread.Join();
        _requested.Dispose();
        _done.Dispose();
    }

    private void EnsureStarted()
    {
        if (_thread is not null)
        {
            return;
        }

        _thread = new Thread(Run) { IsBackground = true, Name = "VelesDb sync" };
        _thread.Start();
    }

    private void Run()
    {
        while (true)
        {
            _requested.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!();
            }
            catch (Exception e)
            {
                _error = e;
            }
            finally
            {
                _done.Set();
            }
        }
    }
}
