using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// VelesDb.CrashWriter running in its own process, in one of its modes ("write", "hold",
/// "try-open", or "faults" for a <see cref="FaultWriter"/> with an optional kill point in its
/// environment). Its standard output is collected as whole lines only, so the test can decide
/// when to kill it and, afterwards, read every line it finished: a line cut off by the kill is
/// never taken for an acknowledgement.
/// </summary>
internal sealed class CrashWriterProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;

    private CrashWriterProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_stderr)
            {
                _ = _stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Factory.StartNew(ReadLines, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Starts the child with its mode and that mode's arguments, e.g. ("hold", directory).</summary>
    public static CrashWriterProcess Start(params string[] arguments) => StartWithEnvironment(new Dictionary<string, string>(), arguments);

    /// <summary>As <see cref="Start"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static CrashWriterProcess StartWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] arguments) =>
        Launch([], environment, arguments);

    /// <summary>The fault tests' writer (mode "faults"), killing itself at <paramref name="killAt"/> if given.</summary>
    public static CrashWriterProcess StartFaultWriter(KillPoint? killAt, string directory, int dimension, Durability durability, string workload, int seed = 0, int count = 0, int versionBase = 0) =>
        StartFaultWriterUnder([], killAt, [directory, dimension, durability, workload, seed, count, versionBase]);

    /// <summary>Starts the fault writer as the last arguments of <paramref name="wrapper"/> (e.g. strace with its options), or directly.</summary>
    public static CrashWriterProcess StartFaultWriterUnder(IReadOnlyList<string> wrapper, KillPoint? killAt, object[] writerArguments) =>
        Launch(
            wrapper,
            new Dictionary<string, string> { [KillPoint.EnvironmentVariable] = killAt?.ToString() ?? string.Empty },
            ["faults", .. writerArguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture)!)]);

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

    /// <summary>Every whole line written so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>True once the fault writer said it opened the store.</summary>
    public bool Opened => Lines.Contains("open");

    /// <summary>Waits until a whole line satisfies <paramref name="condition"/>; false if the child exits first.</summary>
    public bool WaitForLine(Func<string, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var seen = 0;
        lock (_lines)
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

                _ = Monitor.Wait(_lines, TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>Waits until <paramref name="count"/> lines starting with <paramref name="prefix"/> have come, or the child ended.</summary>
    public void WaitForLines(string prefix, int count, TimeSpan timeout)
    {
        var matching = 0;
        _ = WaitForLine(line => line.StartsWith(prefix, StringComparison.Ordinal) && ++matching >= count, timeout);
    }

    /// <summary>Waits for the child to end by itself; returns its exit code (137 after SIGKILL).</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new FaultCheckException($"the writer did not finish within {timeout}: a hang. {StandardError}");
        }

        _reader.Wait();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL on Unix (TerminateProcess on Windows); afterwards <see cref="Lines"/> holds every whole line it wrote.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _reader.Wait();
    }

    /// <summary><see cref="Kill"/>, then every whole line it wrote.</summary>
    public IReadOnlyList<string> KillAndCollect()
    {
        Kill();
        return Lines;
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>The history the fault writer's lines tell: "B n" started step n, "A n" acknowledged it, "R n" refused it, "E n ..." failed it.</summary>
    public History HistoryOf(IReadOnlyList<WorkOp> ops, StoreModel start)
    {
        var history = new History(start);
        foreach (var line in Lines)
        {
            var parts = line.Split(' ');
            if (parts.Length == 2 && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var step))
            {
                if (parts[0] == "B")
                {
                    Assert.Equal(step, history.Begin(ops[step]));
                }
                else if (parts[0] == "A")
                {
                    history.End(step, OpOutcome.Acknowledged);
                }
                else if (parts[0] == "R")
                {
                    history.End(step, OpOutcome.Refused);
                }
            }
            else if (parts.Length > 2 && parts[0] == "E" && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var failed))
            {
                history.End(failed, OpOutcome.Failed);
            }
        }

        return history;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static CrashWriterProcess Launch(IReadOnlyList<string> wrapper, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in wrapper.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        if (wrapper.Count > 0)
        {
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VelesDb.CrashWriter.dll"));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return new CrashWriterProcess(Process.Start(info)!);
    }

    private void ReadLines()
    {
        WholeLines.Read(_process.StandardOutput.BaseStream, line =>
        {
            lock (_lines)
            {
                _lines.Add(line);
                Monitor.PulseAll(_lines);
            }
        });

        lock (_lines)
        {
            Monitor.PulseAll(_lines);
        }
    }
}
