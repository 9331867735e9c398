using System.Diagnostics;
using System.Globalization;
using System.Text;


namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// A <see cref="FaultWriter"/> in its own process (VelesDb.CrashWriter, mode "faults"), with an
/// optional kill point in its environment; its output is collected as whole lines only, so a
/// line cut off by the kill is never taken for an acknowledgement.
/// </summary>
internal sealed class FaultChild : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;

    private FaultChild(Process process)
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

    public static FaultChild Start(KillPoint? killAt, string directory, int dimension, Durability durability, string workload, int seed = 0, int count = 0, int versionBase = 0) =>
        StartUnder([], killAt, [directory, dimension, durability, workload, seed, count, versionBase]);

    /// <summary>Starts the writer as the last arguments of <paramref name="wrapper"/> (e.g. strace with its options), or directly.</summary>
    public static FaultChild StartUnder(IReadOnlyList<string> wrapper, KillPoint? killAt, object[] writerArguments)
    {
        var info = new ProcessStartInfo(wrapper.Count > 0 ? wrapper[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
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
        info.ArgumentList.Add("faults");
        foreach (var argument in writerArguments)
        {
            info.ArgumentList.Add(Convert.ToString(argument, CultureInfo.InvariantCulture)!);
        }

        info.Environment[KillPoint.EnvironmentVariable] = killAt?.ToString() ?? string.Empty;
        return new FaultChild(Process.Start(info)!);
    }

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

    /// <summary>Waits until <paramref name="count"/> lines starting with <paramref name="prefix"/> have come, or the child ended.</summary>
    public void WaitForLines(string prefix, int count, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        lock (_lines)
        {
            while (_lines.Count(l => l.StartsWith(prefix, StringComparison.Ordinal)) < count && !_reader.IsCompleted && deadline.Elapsed < timeout)
            {
                _ = Monitor.Wait(_lines, TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>SIGKILL, then every whole line it wrote.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        _reader.Wait();
    }

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

    /// <summary>The history the lines tell: "B n" started step n, "A n" acknowledged it.</summary>
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

    public bool Opened => Lines.Contains("open");

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
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
