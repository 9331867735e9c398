using System.Runtime.InteropServices;

namespace VelesDb.Benchmarks.Report;

/// <summary>The machine the numbers came from, as the report states it.</summary>
internal sealed record MachineInfo(string Cpu, int Cores, string Memory, string OperatingSystem, string Kernel, string Runtime, string TempFileSystem)
{
    public static MachineInfo Current(string workRoot) => new(
        Cpu: ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores: Environment.ProcessorCount,
        Memory: ReadField("/proc/meminfo", "MemTotal") is { } total ? $"{ParseKb(total) / (1024.0 * 1024 * 1024):0.0} GiB" : "unknown",
        OperatingSystem: ReadOsRelease() ?? RuntimeInformation.OSDescription,
        Kernel: Environment.OSVersion.VersionString,
        Runtime: $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})",
        TempFileSystem: FileSystemOf(workRoot));

    private static string? ReadField(string path, string name)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Contains(':', StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .FirstOrDefault();
    }

    private static long ParseKb(string value) => long.Parse(value.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;

    private static string? ReadOsRelease() =>
        File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").Where(line => line.StartsWith("PRETTY_NAME=", StringComparison.Ordinal)).Select(line => line[12..].Trim('"')).FirstOrDefault()
            : null;

    /// <summary>The file system type of the mount that holds <paramref name="path"/> (longest matching mount point).</summary>
    private static string FileSystemOf(string path)
    {
        if (!File.Exists("/proc/mounts"))
        {
            return "unknown";
        }

        var full = Path.GetFullPath(path);
        var best = File.ReadLines("/proc/mounts")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 2 && (full == fields[1] || full.StartsWith(fields[1].TrimEnd('/') + "/", StringComparison.Ordinal)))
            .MaxBy(fields => fields[1].Length);
        return best is null ? "unknown" : $"{best[2]} ({best[3].Split(',')[0]})";
    }
}
