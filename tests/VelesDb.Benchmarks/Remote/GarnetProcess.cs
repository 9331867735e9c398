using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace VelesDb.Benchmarks.Remote;

/// <summary>
/// A Garnet server for the --remote rows, from the repository's tool manifest (<c>dotnet garnet-server</c>):
/// a free loopback port, vector sets on, a fresh checkpoint folder, no persistence. It is stopped by
/// its process id (with the child the tool launcher starts) when disposed.
/// </summary>
internal sealed class GarnetProcess : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly string _checkpoints;

    private GarnetProcess(string root, bool cluster)
    {
        Port = FreePort();
        _checkpoints = Directory.CreateTempSubdirectory("velesdb-bench-garnet-").FullName;
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["garnet-server", "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                     "--enable-vector-set-preview", "--device-type", "RandomAccess", "--checkpointdir", _checkpoints,
                     "--memory", "1g", "--index", "64m", "--logger-level", "Error", .. cluster ? new[] { "--cluster" } : []])
        {
            start.ArgumentList.Add(argument);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _process = new Process { StartInfo = start, EnableRaisingEvents = true };
        _process.OutputDataReceived += (_, e) => { if (e.Data?.Contains("Ready to accept connections", StringComparison.Ordinal) == true) { ready.TrySetResult(); } };
        _process.ErrorDataReceived += (_, _) => { };
        _process.Exited += (_, _) => ready.TrySetException(new BenchmarkFailedException("Garnet exited before it was ready."));
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!ready.Task.Wait(StartTimeout))
        {
            Dispose();
            throw new BenchmarkFailedException($"Garnet did not say it was ready within {StartTimeout.TotalSeconds} s.");
        }
    }

    public int Port { get; }

    public int ProcessId => _process.Id;

    /// <summary>Restores the tool manifest once (dotnet tool restore), then starts one server.</summary>
    public static GarnetProcess Start(string root, bool cluster = false) => new(root, cluster);

    /// <summary>Three cluster nodes, each owning a third of the hash slots, met and agreed on a healthy cluster.</summary>
    public static IReadOnlyList<GarnetProcess> StartCluster(string root)
    {
        var nodes = new List<GarnetProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(Start(root, cluster: true));
            }

            (int From, int To)[] ranges = [(0, 5460), (5461, 10922), (10923, 16383)];
            for (var i = 0; i < nodes.Count; i++)
            {
                Admin(nodes[i], "CLUSTER", "ADDSLOTSRANGE", ranges[i].From, ranges[i].To);
            }

            for (var i = 1; i < nodes.Count; i++)
            {
                Admin(nodes[0], "CLUSTER", "MEET", "127.0.0.1", nodes[i].Port);
            }

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (!nodes.All(Healthy))
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new BenchmarkFailedException("The three Garnet nodes did not form a healthy cluster within 60 s.");
                }

                Thread.Sleep(100);
            }

            return nodes;
        }
        catch
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }

            throw;
        }
    }

    public void Dispose()
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
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_checkpoints, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static bool Healthy(GarnetProcess node)
    {
        var info = (string?)Admin(node, "CLUSTER", "INFO") ?? string.Empty;
        var known = (string?)Admin(node, "CLUSTER", "NODES") ?? string.Empty;
        return info.Contains("cluster_state:ok", StringComparison.Ordinal) && info.Contains("cluster_known_nodes:3", StringComparison.Ordinal) &&
               known.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains(" connected", StringComparison.Ordinal)) == 3;
    }

    private static RedisResult Admin(GarnetProcess node, string command, params object[] arguments)
    {
        using var connection = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { { "127.0.0.1", node.Port } }, AllowAdmin = true });
        return connection.GetServer("127.0.0.1", node.Port).Execute(command, arguments);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
