using System.Diagnostics;

namespace VelesDb.Engine.Tests.Support;

/// <summary>A theory that needs strace (apt-get install strace); skipped, saying so, where it is missing.</summary>
internal sealed class StraceTheoryAttribute : TheoryAttribute
{
    private static readonly string? WhyNot = Probe();

    public StraceTheoryAttribute()
    {
        if (WhyNot is { } why)
        {
            Skip = why;
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "strace fault injection needs Linux";
        }

        try
        {
            using var strace = Process.Start(new ProcessStartInfo("strace", "-f -qq --seccomp-bpf -e trace=none -o /dev/null true") { UseShellExecute = false, RedirectStandardError = true })!;
            var error = strace.StandardError.ReadToEnd();
            strace.WaitForExit();
            return strace.ExitCode == 0 ? null : $"strace cannot trace here (ptrace not permitted?): {error.Trim()}";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "strace is not installed (apt-get install strace): the failing-syscall sweep is skipped";
        }
    }
}
