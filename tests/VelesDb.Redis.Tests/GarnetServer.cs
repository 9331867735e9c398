using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace VelesDb.Redis.Tests;

/// <summary>
/// A Garnet server for the tests, from the repository's tool manifest (<c>dotnet tool restore</c>,
/// then <c>dotnet garnet-server</c>), on a free loopback port with vector sets enabled and a fresh
/// checkpoint folder. It is stopped by its process id (with its children) when the fixture is
/// disposed, which xunit does after the last test of the collection whether tests failed or not,
/// and also when the test process exits.
/// </summary>
public sealed class GarnetServer : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The repository root, whose tool manifest is restored once per test run, before the first server starts.</summary>
    private static readonly Lazy<string> RestoredRoot = new(() =>
    {
        var root = RepositoryRoot();
        Run(root, "tool", "restore");
        return root;
    });
    private readonly string _checkpoints;
    private readonly List<string> _output = [];

    /// <summary>Given to <see cref="With"/>, starts the server without vector sets (they are on otherwise).</summary>
    public const string NoVectorSets = "(no vector sets)";

    private readonly string _root;
    private Process _process = null!;

    public GarnetServer()
        : this([])
    {
    }

    private GarnetServer(string[] arguments)
    {
        _root = RestoredRoot.Value;
        Port = FreePort();
        _checkpoints = Directory.CreateTempSubdirectory("velesdb-garnet-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
        Start(arguments);
    }

    /// <summary>Starts a server with <paramref name="arguments"/> besides the standard ones (persistence, authentication).</summary>
    public static GarnetServer With(params string[] arguments) => new(arguments);

    /// <summary>Kills the server by its process id (SIGKILL, no chance to save anything) and starts it again on the same port and folder.</summary>
    public void KillAndRestart(params string[] arguments)
    {
        Stop();
        _process.Dispose();
        Start(arguments);
    }

    /// <summary>Kills the server by its process id, as a crash would.</summary>
    public void Kill() => Stop();

    private void Start(string[] arguments)
    {
        lock (_output)
        {
            _output.Clear();
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] vectorSets = arguments.Contains(NoVectorSets) ? [] : ["--enable-vector-set-preview"];
        foreach (var argument in (string[])["garnet-server", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     .. vectorSets, "--device-type", "RandomAccess", "--checkpointdir", _checkpoints,
                     "--memory", "256m", "--index", "16m", "--logger-level", "Error", .. arguments.Where(a => a != NoVectorSets)])
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Watch(e.Data, ready);
        process.ErrorDataReceived += (_, e) => Watch(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException($"Garnet exited before it was ready:{Environment.NewLine}{Output}"));
        process.Start();
        _process = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!ready.Task.Wait(StartTimeout))
        {
            Stop();
            throw new TimeoutException($"Garnet did not say it was ready within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Output}");
        }
    }

    /// <summary>The loopback port it listens on.</summary>
    public int Port { get; }

    /// <summary>Its process id, for tests that must know it is the one answering.</summary>
    public int ProcessId => _process.Id;

    /// <summary>A store location on this server with a name no other test uses.</summary>
    public string NewLocation(string prefix = "test") => $"redis://127.0.0.1:{Port}/{prefix}-{Guid.NewGuid():N}";

    private string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
        try
        {
            Directory.Delete(_checkpoints, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A loopback port nothing listens on (now).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Watch(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Add(line);
        }

        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private void Stop()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Never started, or already gone.
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json")) && File.Exists(Path.Combine(dir.FullName, "VelesDb.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (with .config/dotnet-tools.json) above {AppContext.BaseDirectory}.");
    }

    private static void Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):{Environment.NewLine}{output.Result}{error.Result}");
        }
    }
}

/// <summary>The tests that share one Garnet server.</summary>
[CollectionDefinition(Name)]
public sealed class OnGarnet : ICollectionFixture<GarnetServer>
{
    public const string Name = "Garnet";
}
