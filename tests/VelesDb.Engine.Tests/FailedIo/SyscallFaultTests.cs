using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.FailedIo;

/// <summary>
/// Failing system calls, for real: the writer process runs under
/// <c>strace -f -e inject=SYSCALL:error=ERRNO:when=N</c>, so the Nth fdatasync, fsync (the
/// directory syncs), rename, pwrite64, fallocate or ftruncate of each thread fails (strace counts
/// per thread; the store syncs slots on a thread of its own), for every N the workload reaches
/// (a sample in the normal run). The error must reach the caller of
/// the step it broke; that step is not acknowledged; after a failed sync the store refuses every
/// later write until reopened; the process never crashes; and the store then opens with every
/// acknowledged step. (msync is never called: the mapping is read-only and all writes go
/// through the file, so there is nothing to sweep.)
/// </summary>
public sealed class SyscallFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int Dim = 256;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [StraceTheory]
    [InlineData("fdatasync", "EIO", 1)]
    [InlineData("fsync", "EIO", 1)]
    [InlineData("rename", "EIO", 1)]
    [InlineData("fallocate", "ENOSPC", 1)]
    [InlineData("pwrite64", "ENOSPC", 1)]
    [InlineData("ftruncate", "EIO", 2)]
    public void A_failing_system_call_reaches_the_caller_and_loses_nothing_acknowledged(string syscall, string error, int first)
    {
        var ops = Workload.Scripted(Dim);
        var calls = CountCalls(syscall);
        Assert.True(calls >= first, $"the workload makes no {syscall} call");
        var sweep = Soak.Enabled ? Enumerable.Range(first, calls - first + 1) : Spread(first, calls, 4);
        var injections = 0;
        foreach (var n in sweep)
        {
            var directory = _dir.Next(syscall);
            var context = $"{syscall} #{n} of {calls} failing with {error}";
            var log = directory + ".strace";
            using var child = CrashWriterProcess.StartFaultWriterUnder([.. Strace($"trace={syscall}", $"inject={syscall}:error={error}:when={n}").SkipLast(2), "-o", log], null, [directory, Dim, Durability.Full, "scripted", 0, 0, 0, "continue"]);
            var exit = child.WaitForExit(Patience);
            Assert.True(exit == 0, $"{context}: the writer crashed (exit {exit}): {child.StandardError}");
            var lines = child.Lines;
            Assert.True(lines.Contains("closed") || lines.Any(l => l.StartsWith("E c", StringComparison.Ordinal)), $"{context}: the writer did not finish: {string.Join(" | ", lines.TakeLast(5))}");

            var history = child.HistoryOf(ops, new StoreModel());
            var failures = lines.Where(l => l.StartsWith("E ", StringComparison.Ordinal)).ToList();

            // strace counts calls per thread, and the store syncs slots and log on two threads at once,
            // so its log says how many calls were really failed.
            var injected = File.ReadLines(log).Count(l => l.Contains("INJECTED", StringComparison.Ordinal));
            injections += injected;
            if (syscall is "fdatasync" or "fsync" or "rename" or "fallocate" && injected > 0)
            {
                // pwrite64 and ftruncate also serve the lock file's courtesy pid and the trimming of headroom, which may fail quietly.
                Assert.True(failures.Count >= 1 && failures.Count <= injected, $"{context}: {injected} calls failed but {failures.Count} steps reported an error: {string.Join(" | ", failures)}");
            }

            for (var step = 0; step < history.Count; step++)
            {
                var failedSync = history.Outcome(step) == OpOutcome.Failed && syscall == "fdatasync" && history.Op(step).Kind is WorkKind.Put or WorkKind.Delete or WorkKind.Flush;
                for (var later = step + 1; failedSync && later < history.Count; later++)
                {
                    Assert.True(history.Outcome(later) == OpOutcome.Refused, $"{context}: step {later} was {history.Outcome(later)} after the sync of step {step} failed; the store must refuse writes until reopened");
                }
            }

            _ = CrashRun.Of(history, child.Opened).Verify(directory, history.AcknowledgedMark, context);
            TempStoreDirectory.Remove(directory);
        }

        output.WriteLine($"{syscall}: {calls} calls; failing the #{string.Join(", #", sweep)} of each thread; {injections} calls failed in all");
        Assert.True(injections > 0, $"strace failed no {syscall} call");
    }

    /// <summary>How often the scripted workload calls <paramref name="syscall"/>, runtime start-up included.</summary>
    private int CountCalls(string syscall)
    {
        var log = Path.Combine(_dir.Root, syscall + ".strace");
        using var child = CrashWriterProcess.StartFaultWriterUnder([.. Strace($"trace={syscall}").Take(6), "-o", log], null, [_dir.Next("count"), Dim, Durability.Full, "scripted", 0, 0, 0, "continue"]);
        Assert.Equal(0, child.WaitForExit(Patience));
        // Per thread, as strace counts for when=N: the most any one thread made.
        return File.ReadLines(log).Where(line => line.Contains(syscall + "(", StringComparison.Ordinal))
            .GroupBy(line => line.Split(' ', 2)[0]).Max(calls => calls.Count());
    }

    private static string[] Strace(params string[] expressions)
    {
        var arguments = new List<string> { "strace", "-f", "-qq", "--seccomp-bpf" };
        foreach (var expression in expressions)
        {
            arguments.Add("-e");
            arguments.Add(expression);
        }

        arguments.Add("-o");
        arguments.Add("/dev/null");
        return [.. arguments];
    }

    private static IEnumerable<int> Spread(int first, int last, int count) =>
        Enumerable.Range(0, count).Select(i => first + (int)((long)(last - first) * i / Math.Max(1, count - 1))).Distinct();
}
