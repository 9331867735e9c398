using System.Diagnostics;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// A small tmpfs mounted for one test: a disk that really fills up. Mounting needs root (or
/// CAP_SYS_ADMIN); where it is not permitted, <see cref="WhyNot"/> says so and the tests skip.
/// </summary>
internal sealed class Tmpfs : IDisposable
{
    private Tmpfs(string path) => Path = path;

    public string Path { get; }

    /// <summary>Null where a tmpfs can be mounted; otherwise why not, for the skip message.</summary>
    public static string? WhyNot { get; } = Probe();

    public long Free => new DriveInfo(Path).AvailableFreeSpace;

    public static Tmpfs Mount(long bytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "velesdb-tmpfs-" + Guid.NewGuid().ToString("N")[..12]);
        _ = Directory.CreateDirectory(path);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", $"size={bytes}", "tmpfs", path);
        if (code != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException($"mount failed ({code}): {output}");
        }

        return new Tmpfs(path);
    }

    /// <summary>Takes all but <paramref name="leave"/> bytes of free space with a file of real blocks; returns its path.</summary>
    public string Fill(long leave, string name = "filler")
    {
        var path = System.IO.Path.Combine(Path, name);
        var size = Math.Max(0, Free - leave);
        using var filler = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, PreallocationSize = size });
        filler.SetLength(size);
        return path;
    }

    /// <summary>Takes every last byte.</summary>
    public void FillUp(string name = "last")
    {
        using var filler = new FileStream(System.IO.Path.Combine(Path, name), FileMode.CreateNew, FileAccess.Write);
        var block = new byte[4096];
        Array.Fill(block, (byte)1);
        try
        {
            while (true)
            {
                filler.Write(block);
                filler.Flush();
            }
        }
        catch (IOException)
        {
        }
    }

    public void Dispose()
    {
        _ = Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "a tmpfs full-disk test needs Linux";
        }

        try
        {
            using var probe = Mount(1024 * 1024);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return $"mounting a tmpfs is not permitted here (needs root or CAP_SYS_ADMIN): {e.Message.Trim()}";
        }
    }

    private static (int Code, string Output) Run(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardError.ReadToEnd() + process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
