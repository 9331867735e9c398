using System.Runtime;
using System.Text.Json;
using VelesDb.Benchmarks.Adapters;

namespace VelesDb.Benchmarks.Probes;

/// <summary>
/// Private memory per vector, beyond the mapped pages: a fresh process measures its resident
/// anonymous memory (RssAnon: heaps, the id index, anything not backed by a file) and its managed
/// heap, opens the store, reads every vector, collects garbage, and measures again.
/// </summary>
internal static class MemoryProbe
{
    public sealed record Result(string Store, long Count, long AnonBefore, long AnonAfter, long ManagedBefore, long ManagedAfter, long FileBackedAfter)
    {
        public double AnonPerVector => (double)(AnonAfter - AnonBefore) / Count;

        public double ManagedPerVector => (double)(ManagedAfter - ManagedBefore) / Count;
    }

    /// <summary>Runs the probe in a child process against the closed store in <paramref name="directory"/>.</summary>
    public static Result Run(string store, string directory, Shape shape) =>
        ChildProcess.RunSelf<Result>(["--probe-memory", store, directory, $"{shape.Count}", $"{shape.Dimension}"]);

    /// <summary>The child's side: prints one JSON line.</summary>
    public static int Execute(string storeName, string directory, int count, int dimension)
    {
        using var store = StoreFactory.Create(storeName, new Shape(count, dimension));
        var buffer = new float[dimension];

        // Open once first, so code, loaded assemblies and one-off buffers are not counted per vector.
        store.Open(directory, dimension);
        _ = store.Read(0, buffer);
        store.Close();
        Settle();
        var anonBefore = ProcStatus("RssAnon");
        var managedBefore = GC.GetTotalMemory(forceFullCollection: true);

        store.Open(directory, dimension);
        for (var id = 0UL; id < (ulong)count; id++)
        {
            if (!store.Read(id, buffer))
            {
                throw new BenchmarkFailedException($"{store.Name}: vector {id} is missing in the memory probe.");
            }
        }

        Settle();
        var result = new Result(store.Name, count, anonBefore, ProcStatus("RssAnon"), managedBefore, GC.GetTotalMemory(forceFullCollection: true), ProcStatus("RssFile"));
        GC.KeepAlive(store);
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    private static void Settle()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
    }

    /// <summary>A "Name: N kB" line of /proc/self/status, in bytes.</summary>
    private static long ProcStatus(string name)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(name + ":", StringComparison.Ordinal))
            {
                return long.Parse(line[(name.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new BenchmarkFailedException($"/proc/self/status has no {name}.");
    }
}
