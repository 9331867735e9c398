using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using StackExchange.Redis;
using VelesDb.Benchmarks.Probes;
using VelesDb.Benchmarks.Report;
using VelesDb.Engine;
using VelesDb.Engine.Contract;
using VelesDb.Redis;

namespace VelesDb.Benchmarks.Remote;

/// <summary>
/// The server-store rows (issue 15), run by <c>--remote</c> alone: ingest through Add-VelesVector into a
/// Garnet store against a raw StackExchange.Redis client pipelining the same VADDs to the same server,
/// and search latency and recall@10 (against the embedded store's exact answer on the same data) at
/// the default effort and higher ones, on one node and on a 3-node cluster, with the embedded store
/// beside them. It starts its own Garnet servers from the tool manifest and stops them by process id.
/// </summary>
internal static class RemoteBenchmark
{
    public const int K = 10;

    public static int Run(BenchmarkOptions options)
    {
        var quick = options.Quick;
        var root = RepositoryRoot();
        var shape = quick ? new Shape(2_000, 128) : new Shape(10_000, 128);
        var results = new RemoteResults
        {
            Quick = quick,
            Shape = shape,
            Queries = quick ? 50 : 200,
            Repetitions = quick ? 2 : 3,
            Started = DateTimeOffset.UtcNow,
            LoadAtStart = BenchResults.LoadAverage(),
        };
        var clock = Stopwatch.StartNew();
        var workRoot = Directory.CreateTempSubdirectory("velesdb-bench-remote-").FullName;
        try
        {
            Say($"VelesDb benchmark ({(quick ? "quick" : "full")}), server-store rows only: {shape.Name}, {results.Queries} queries, k = {K}; work in {workRoot}");
            RunTool(root, "tool", "restore");
            var data = new DataSet(shape);
            var exact = Embedded(data, results, workRoot);
            using (var garnet = GarnetProcess.Start(root))
            {
                results.GarnetVersion = ServerVersion(garnet.Port);
                Say($"Garnet {results.GarnetVersion} on 127.0.0.1:{garnet.Port} (pid {garnet.ProcessId})");
                Ingest(options, root, data, garnet, results, workRoot);
                results.Single = Search(data, exact, $"redis://127.0.0.1:{garnet.Port}/bench-search", shards: 1, results);
            }

            Say("3-node Garnet cluster ...");
            var cluster = GarnetProcess.StartCluster(root);
            try
            {
                results.Cluster = Search(data, exact, $"redis://127.0.0.1:{cluster[0].Port}/bench-search", shards: 3, results);
            }
            finally
            {
                foreach (var node in cluster)
                {
                    node.Dispose();
                }
            }
        }
        catch (Exception e) when (e is BenchmarkFailedException or VelesDbException or RedisException or AggregateException or TimeoutException)
        {
            results.Problems.Add((e is AggregateException a ? a.Flatten().InnerExceptions[0] : e).Message.Split('\n')[0]);
            Say($"FAILED: {e.Message}");
        }
        finally
        {
            Directory.Delete(workRoot, recursive: true);
        }

        results.Duration = clock.Elapsed;
        results.LoadAtEnd = BenchResults.LoadAverage();
        var section = RemoteReport.Section(results, MachineInfo.Current(Path.GetTempPath()));
        var output = options.Output ?? Path.Combine(root, quick ? "out/benchmarks-remote-quick.md" : "docs/benchmarks.md");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, RemoteReport.Splice(File.Exists(output) ? File.ReadAllText(output) : null, section));
        Console.WriteLine();
        Console.WriteLine(section);
        Say($"server-store section written to {output} ({results.Duration.TotalMinutes:0.0} min)");
        return results.Problems.Count == 0 ? 0 : 2;
    }

    /// <summary>The embedded store on the same data: exact answers (the reference for recall) and their latency; ingest is measured with the pipeline rows.</summary>
    private static SearchMatch[][] Embedded(DataSet data, RemoteResults results, string workRoot)
    {
        Say("embedded store: loading, exact search ...");
        var folder = Path.Combine(workRoot, "embedded");
        var provider = StoreProviders.Embedded;
        _ = provider.TryLocate(folder, out var locator);
        using var store = provider.Create(locator, new StoreCreateOptions { Dimension = data.Dimension, Durability = Durability.Process });
        Load(store, data);
        var exact = new SearchMatch[results.Queries][];
        var latencies = new double[results.Queries];
        for (var q = 0; q < results.Queries; q++)
        {
            var request = new SearchRequest { Query = Query(data, q), K = K, Exact = true };
            _ = store.Search(request);
            var started = Stopwatch.GetTimestamp();
            exact[q] = [.. store.Search(request).Matches];
            latencies[q] = Measure.SecondsSince(started);
        }

        results.Embedded = new SearchRow("embedded (exact scan)", null, latencies, 1.0);
        Say(string.Create(CultureInfo.InvariantCulture, $"  exact scan p50 {results.Embedded.P50Ms:0.00} ms, p99 {results.Embedded.P99Ms:0.00} ms"));
        return exact;
    }

    private static void Ingest(BenchmarkOptions options, string root, DataSet data, GarnetProcess garnet, RemoteResults results, string workRoot)
    {
        var module = Path.GetFullPath(options.Module ?? Path.Combine(root, "out", "VelesDb"));
        if (!File.Exists(Path.Combine(module, "VelesDb.psd1")))
        {
            results.Problems.Add($"ingest through Add-VelesVector: the built module is not at {module}; run `dotnet pwsh ./build.ps1 -Task Build` first");
            return;
        }

        IReadOnlyList<string> pwsh = options.Pwsh.Count > 0 ? options.Pwsh : ["dotnet", "pwsh"];
        // Garnet is a .NET server: its first VADDs run before its own code is compiled fully, so it is
        // warmed up first, and then the raw client and the pipeline take turns, one run each.
        Say($"ingest: warming Garnet up with 2 raw runs, then {results.Repetitions} rounds of one raw run and one Add-VelesVector run (in a fresh pwsh, after its own warm-up run) ...");
        _ = RawIngest(garnet.Port, data, "bench-raw-warmup-0");
        _ = RawIngest(garnet.Port, data, "bench-raw-warmup-1");
        var raw = new List<double>();
        var add = new List<double>();
        var powerShell = "";
        for (var round = 0; round < results.Repetitions; round++)
        {
            raw.Add(RawIngest(garnet.Port, data, $"bench-raw-{round}"));
            var script = IngestScript(pwsh, module, root, data, 1, server: $"127.0.0.1:{garnet.Port}", folder: null);
            add.AddRange(script.Seconds);
            powerShell = script.PowerShell;
            Say(string.Create(CultureInfo.InvariantCulture, $"  round {round + 1}: raw {raw[^1]:0.000} s, Add-VelesVector {add[^1]:0.000} s"));
        }

        Say("ingest: Add-VelesVector into an embedded store (default durability) ...");
        var embedded = IngestScript(pwsh, module, root, data, results.Repetitions, server: null, folder: workRoot);
        results.Ingest = new IngestRow(data.Count, [.. raw], [.. add], embedded.Seconds, RawBatch(data.Dimension), powerShell);
        Say(string.Create(CultureInfo.InvariantCulture, $"  raw {results.Ingest.RawMedian:0.000} s, Add-VelesVector {results.Ingest.AddMedian:0.000} s: {results.Ingest.Ratio:0.00}× the raw client's rate; embedded {results.Ingest.EmbeddedMedian:0.000} s"));
    }

    /// <summary>The batch the store's write scope sends for this dimension (about a million components, 256 to 4,096 records), so the raw client pipelines alike.</summary>
    private static int RawBatch(int dimension) => Math.Clamp(256 * 1024 / dimension, 256, 4096);

    /// <summary>The same VADDs the store sends (FP32 blob, NOQUANT, the metric, SETATTR), pipelined a batch at a time, each batch's replies awaited before the next.</summary>
    private static double RawIngest(int port, DataSet data, string key)
    {
        // The store's command timeout (30 s), so a slow batch is waited for alike.
        var timeout = (int)RedisStoreSettings.Default.CommandTimeout.TotalMilliseconds;
        using var connection = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, AllowAdmin = true, SyncTimeout = timeout, AsyncTimeout = timeout });
        var db = connection.GetDatabase();
        var blobs = new byte[data.Count][];
        var names = new RedisValue[data.Count];
        for (var i = 0; i < data.Count; i++)
        {
            blobs[i] = MemoryMarshal.AsBytes(data.Vector((ulong)i)).ToArray();
            names[i] = i.ToString(CultureInfo.InvariantCulture);
        }

        var batchSize = RawBatch(data.Dimension);
        var started = Stopwatch.GetTimestamp();
        for (var first = 0; first < data.Count; first += batchSize)
        {
            var batch = db.CreateBatch();
            var count = Math.Min(batchSize, data.Count - first);
            var replies = new Task[count];
            for (var i = 0; i < count; i++)
            {
                replies[i] = batch.ExecuteAsync("VADD", (RedisKey)key, "FP32", blobs[first + i], names[first + i], "NOQUANT", "XDISTANCE_METRIC", "COSINE", "SETATTR", "{}");
            }

            batch.Execute();
            Task.WaitAll(replies);
        }

        var seconds = Measure.SecondsSince(started);
        var stored = (long)db.Execute("VCARD", (RedisKey)key);
        if (stored != data.Count)
        {
            throw new BenchmarkFailedException($"The raw client stored {stored} vectors, not {data.Count}.");
        }

        _ = db.KeyDelete(key);
        return seconds;
    }

    private sealed record ScriptResult(double[] Seconds, string PowerShell);

    private static ScriptResult IngestScript(IReadOnlyList<string> pwsh, string module, string root, DataSet data, int repetitions, string? server, string? folder)
    {
        string[] arguments =
        [
            .. pwsh.Skip(1), "-NoProfile", "-NonInteractive", "-File", Path.Combine(AppContext.BaseDirectory, "Remote", "remote-ingest.ps1"),
            "-ModulePath", module,
            "-BenchAssembly", typeof(RemoteBenchmark).Assembly.Location,
            "-Count", data.Count.ToString(CultureInfo.InvariantCulture),
            "-Dimension", data.Dimension.ToString(CultureInfo.InvariantCulture),
            "-Repetitions", repetitions.ToString(CultureInfo.InvariantCulture),
            .. server is null ? new[] { "-Folder", folder! } : ["-Server", server],
        ];
        return ChildProcess.Run<ScriptResult>(pwsh[0], arguments, null, root);
    }

    /// <summary>A store of the data on the server (loaded through the store contract), then every query at each effort.</summary>
    private static SearchSet Search(DataSet data, SearchMatch[][] exact, string location, int shards, RemoteResults results)
    {
        var provider = new RedisStoreProvider();
        _ = provider.TryLocate(location, out var locator);
        using var store = provider.Create(locator, new StoreCreateOptions { Dimension = data.Dimension, Durability = Durability.Process }, RedisStoreSettings.Default with { Shards = shards });
        var loading = Stopwatch.GetTimestamp();
        Load(store, data);
        var loadSeconds = Measure.SecondsSince(loading);
        var rows = new List<SearchRow>();
        foreach (var effort in RemoteResults.Efforts)
        {
            var latencies = new double[results.Queries];
            var recall = 0.0;
            for (var q = 0; q < results.Queries; q++)
            {
                var request = new SearchRequest { Query = Query(data, q), K = K, Effort = effort };
                if (q < 5)
                {
                    _ = store.Search(request);
                }

                var started = Stopwatch.GetTimestamp();
                var found = store.Search(request).Matches;
                latencies[q] = Measure.SecondsSince(started);
                recall += found.Select(m => m.Key).Intersect(exact[q].Select(m => m.Key)).Count() / (double)K;
            }

            var row = new SearchRow(shards == 1 ? "Garnet, one node" : $"Garnet, 3-node cluster, {shards} shards", effort, latencies, recall / results.Queries);
            rows.Add(row);
            Say(string.Create(CultureInfo.InvariantCulture, $"  {row.Store}, effort {row.EffortText}: p50 {row.P50Ms:0.00} ms, p99 {row.P99Ms:0.00} ms, recall@{K} {row.Recall:0.000}"));
        }

        return new SearchSet(rows, loadSeconds);
    }

    private static void Load(IVectorStore store, DataSet data)
    {
        using var writer = store.BeginWrite();
        for (var i = 0; i < data.Count; i++)
        {
            writer.Add((ulong)i, data.Vector((ulong)i), null);
        }

        writer.Commit();
    }

    /// <summary>Query q: the data set's extra vector q, which no store holds.</summary>
    private static float[] Query(DataSet data, int q) => data.Vector((ulong)(data.Count + q)).ToArray();

    private static string ServerVersion(int port)
    {
        using var connection = ConnectionMultiplexer.Connect(new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, AllowAdmin = true });
        var info = (string?)connection.GetDatabase().Execute("INFO", "server") ?? string.Empty;
        var line = info.Split('\n').FirstOrDefault(l => l.StartsWith("garnet_version:", StringComparison.Ordinal));
        return line?["garnet_version:".Length..].Trim() ?? "(version unknown)";
    }

    private static void RunTool(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new BenchmarkFailedException("Could not start dotnet.");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new BenchmarkFailedException($"dotnet {string.Join(' ', arguments)} failed: {error.Result}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VelesDb.sln")))
            {
                return directory.FullName;
            }
        }

        throw new BenchmarkFailedException("No repository root (with VelesDb.sln) above the benchmark.");
    }

    private static void Say(string line) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {line}");
}
