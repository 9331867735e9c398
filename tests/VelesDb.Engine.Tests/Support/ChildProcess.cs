using System.Diagnostics;
using System.Text;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The kill-test child (VelesDb.CrashWriter) running in its own process, its standard output
/// collected line by line so the test can decide when to kill it and, afterwards, read every
/// complete line it managed to write.
/// </summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly object _gate = new();
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;

    private ChildProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Factory.StartNew(ReadAll, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public static ChildProcess Start(params string[] arguments) => StartWithEnvironment(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static ChildProcess StartWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VelesDb.CrashWriter.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return new ChildProcess(Process.Start(info)!);
    }

    public bool HasExited => _process.HasExited;

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>Waits until a complete line satisfies <paramref name="condition"/>; false if the child exits first.</summary>
    public bool WaitForLine(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var seen = 0;
        lock (_gate)
        {
            while (true)
            {
                for (; seen < _lines.Count; seen++)
                {
                    if (condition(_lines[seen]))
                    {
                        return true;
                    }
                }

                if (_reader.IsCompleted || deadline.Elapsed > timeout)
                {
                    return false;
                }

                _ = Monitor.Wait(_gate, TimeSpan.FromMilliseconds(200));
            }
        }
    }

    /// <summary>SIGKILL on Unix (TerminateProcess on Windows), then every complete line it wrote.</summary>
    public IReadOnlyList<string> KillAndCollect()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _reader.Wait();
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    public void CloseInput() => _process.StandardInput.Close();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void ReadAll()
    {
        WholeLines.Read(_process.StandardOutput.BaseStream, line =>
        {
            lock (_gate)
            {
                _lines.Add(line);
                Monitor.PulseAll(_gate);
            }
        });

        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }
    }
}
