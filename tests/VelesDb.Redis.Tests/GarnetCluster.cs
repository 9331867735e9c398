using StackExchange.Redis;

namespace VelesDb.Redis.Tests;

/// <summary>
/// Three Garnet nodes on loopback made into one cluster: each takes a third of the hash slots
/// (CLUSTER ADDSLOTSRANGE), the first meets the other two (CLUSTER MEET), and the fixture waits,
/// within a bound, until every node reports the cluster healthy with all three nodes. The nodes are
/// stopped by their process ids when it is disposed.
/// </summary>
public sealed class GarnetCluster : IDisposable
{
    private static readonly TimeSpan ConvergeTimeout = TimeSpan.FromSeconds(60);
    private readonly List<GarnetServer> _nodes = [];

    public GarnetCluster()
    {
        try
        {
            for (var i = 0; i < 3; i++)
            {
                _nodes.Add(GarnetServer.With("--cluster"));
            }

            Form();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public IReadOnlyList<GarnetServer> Nodes => _nodes;

    /// <summary>A store location given by the first node's address, with a name no other test uses.</summary>
    public string NewLocation() => _nodes[0].NewLocation("cluster");

    public void Dispose()
    {
        foreach (var node in _nodes)
        {
            node.Dispose();
        }
    }

    private void Form()
    {
        (int From, int To)[] ranges = [(0, 5460), (5461, 10922), (10923, 16383)];
        for (var i = 0; i < _nodes.Count; i++)
        {
            Admin(_nodes[i], "CLUSTER", "ADDSLOTSRANGE", ranges[i].From, ranges[i].To);
        }

        for (var i = 1; i < _nodes.Count; i++)
        {
            Admin(_nodes[0], "CLUSTER", "MEET", "127.0.0.1", _nodes[i].Port);
        }

        // Gossip has no event to wait on: ask each node, a bounded number of times, until all agree.
        var deadline = DateTime.UtcNow + ConvergeTimeout;
        while (!_nodes.All(Healthy))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The three Garnet nodes did not form a healthy cluster within {ConvergeTimeout.TotalSeconds} s.");
            }

            Thread.Yield();
        }
    }

    private bool Healthy(GarnetServer node)
    {
        var info = (string?)Admin(node, "CLUSTER", "INFO") ?? string.Empty;
        var nodes = (string?)Admin(node, "CLUSTER", "NODES") ?? string.Empty;
        return info.Contains("cluster_state:ok", StringComparison.Ordinal) && info.Contains("cluster_known_nodes:3", StringComparison.Ordinal) &&
               nodes.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(line => line.Contains(" connected", StringComparison.Ordinal)) == 3;
    }

    private static RedisResult Admin(GarnetServer node, string command, params object[] arguments)
    {
        using var connection = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { { "127.0.0.1", node.Port } }, AllowAdmin = true });
        return connection.GetServer("127.0.0.1", node.Port).Execute(command, arguments);
    }
}
