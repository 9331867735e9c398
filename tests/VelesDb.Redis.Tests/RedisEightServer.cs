using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace VelesDb.Redis.Tests;

/// <summary>
/// The redis-server on PATH, when it is Redis 8 or later (vector sets came with 8.0), started on a
/// free loopback port without persistence in a fresh folder and stopped by its process id when the
/// fixture is disposed. <see cref="Redis8FactAttribute"/> skips a test, saying why, where there is none.
/// </summary>
public sealed partial class RedisEightServer : IDisposable
{
    private readonly Process? _process;
    private readonly string? _folder;

    public RedisEightServer()
    {
        if (Found.SkipReason is not null)
        {
            return;
        }

        Port = GarnetServer.FreePort();
        _folder = Directory.CreateTempSubdirectory("velesdb-redis-").FullName;
        var start = new ProcessStartInfo(Found.Path!) { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _folder, "--save", "", "--appendonly", "no", "--daemonize", "no"])
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("redis-server exited before it was ready."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!ready.Task.Wait(TimeSpan.FromSeconds(30)))
        {
            Dispose();
            throw new TimeoutException("redis-server did not say it was ready within 30 s.");
        }
    }

    /// <summary>The redis-server on PATH and its version, or why the Redis 8 tests skip.</summary>
    public static (string? Path, Version? Version, string? SkipReason) Found { get; } = Find();

    public int Port { get; }

    public string NewLocation(string prefix = "test") => $"redis://127.0.0.1:{Port}/{prefix}-{Guid.NewGuid():N}";

    public void Dispose()
    {
        try
        {
            if (_process is { HasExited: false })
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process?.Dispose();
        if (_folder is not null)
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static (string?, Version?, string?) Find()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => System.IO.Path.Combine(dir, "redis-server")).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return (null, null, "no redis-server on PATH (Redis 8 or later runs these tests where one is installed)");
        }

        var start = new ProcessStartInfo(path, "--version") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var match = VersionPattern().Match(text);
        if (!match.Success)
        {
            return (path, null, $"the redis-server on PATH did not tell its version ('{text.Trim()}')");
        }

        var version = Version.Parse(match.Groups[1].Value);
        return version.Major < 8
            ? (path, version, $"the redis-server on PATH is {version}, which has no vector sets (they came with Redis 8.0)")
            : (path, version, null);
    }

    [GeneratedRegex(@"v=(\d+\.\d+\.\d+)")]
    private static partial Regex VersionPattern();
}

/// <summary>A test of a store on Redis 8; skipped, with the reason, where no redis-server of version 8 or later is on PATH.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class Redis8FactAttribute : FactAttribute
{
    public Redis8FactAttribute()
    {
        if (RedisEightServer.Found.SkipReason is { } reason)
        {
            Skip = $"Skipped on Redis 8: {reason}.";
        }
    }
}

/// <summary>The tests that share one Redis 8 server.</summary>
[CollectionDefinition(Name)]
public sealed class OnRedisEight : ICollectionFixture<RedisEightServer>
{
    public const string Name = "Redis 8";
}
