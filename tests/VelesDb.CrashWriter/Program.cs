using System.Globalization;
using VelesDb.Engine;
using VelesDb.Engine.Tests.Support;

// Usage:
//   write <directory> <dimension> <Full|Process> <seed>
//     Opens (or creates) the store and writes forever. Before each operation it prints its
//     intent, "B <op> <kind> <version> <id,id,...>", and after the call returns, "A <op>".
//     Kinds: put (ids get Vectors.For(id, dim, version)), delete, compact, grow (a large put).
//   hold <directory>
//     Opens the store, prints "locked", and keeps it open until standard input closes.
//   try-open <directory>
//     Opens the store and closes it again, printing "opened", or "refused <holder pid>" when
//     its lock is held.
//   faults <directory> <dimension> <Full|Process> <scripted|random> <seed> <count> <versionBase>
//     The fault tests' writer: runs their workload on their fault-injecting file system, which
//     kills this process with SIGKILL at the code point named by VELESDB_KILL_AT (see
//     tests/VelesDb.Engine.Tests/Support/FaultWriter.cs). It lives in the test assembly,
//     the one that sees the engine's internal file-system seam, and is loaded from beside this one.
//   records <directory> <Full|Process> <seed> <versionBase>
//     The records workload on the real file system, until killed (see RecordsWriter.cs).
//   record-faults <directory> <Full|Process>
//     The scripted records workload on the fault-injecting file system, killed at VELESDB_KILL_AT
//     (see tests/VelesDb.Engine.Tests/Support/RecordFaultWriter.cs).
//   quantized-faults <directory>
//     The int8-copy workload (build, catch up, compact, drop, build) on the fault-injecting file
//     system, killed at VELESDB_KILL_AT (see tests/VelesDb.Engine.Tests/Support/QuantizedFaultWriter.cs).
var mode = args[0];
var directory = args[1];
if (mode is "faults" or "record-faults" or "quantized-faults")
{
    var tests = System.Reflection.Assembly.LoadFrom(Path.Combine(AppContext.BaseDirectory, "VelesDb.Engine.Tests.dll"));
    var writer = tests.GetType(mode switch
    {
        "faults" => "VelesDb.Engine.Tests.Support.FaultWriter",
        "record-faults" => "VelesDb.Engine.Tests.Support.RecordFaultWriter",
        _ => "VelesDb.Engine.Tests.Support.QuantizedFaultWriter",
    }, throwOnError: true)!;
    return (int)writer.GetMethod("Run")!.Invoke(null, [args[1..]])!;
}

if (mode == "records")
{
    return RecordsWriter.Run(args[1..]);
}

if (mode == "hold")
{
    using var held = MmapVectorStore.Open(directory);
    Console.WriteLine("locked");
    Console.Out.Flush();
    _ = Console.In.ReadToEnd();
    return 0;
}

if (mode == "try-open")
{
    try
    {
        MmapVectorStore.Open(directory).Dispose();
        Console.WriteLine("opened");
    }
    catch (StoreLockedException e)
    {
        Console.WriteLine($"refused {e.HolderProcessId}");
    }

    Console.Out.Flush();
    return 0;
}

var dimension = int.Parse(args[2], CultureInfo.InvariantCulture);
var options = new VectorStoreOptions { Durability = Enum.Parse<Durability>(args[3]), CheckpointThresholdBytes = 64 * 1024 };
var random = new Random(int.Parse(args[4], CultureInfo.InvariantCulture));
using var store = Directory.Exists(directory) ? MmapVectorStore.Open(directory, options) : MmapVectorStore.Create(directory, dimension, options);
var version = random.Next(1, 1_000_000);
for (var op = 0; ; op++)
{
    version++;
    var roll = random.Next(100);
    var kind = roll switch { < 60 => "put", < 85 => "delete", < 92 => "compact", _ => "grow" };
    var ids = kind switch
    {
        "put" => Enumerable.Range(0, random.Next(1, 40)).Select(_ => (ulong)random.Next(2_000)).ToArray(),
        "delete" => Enumerable.Range(0, random.Next(1, 20)).Select(_ => (ulong)random.Next(2_000)).ToArray(),
        "grow" => Enumerable.Range(0, 3_000).Select(_ => (ulong)random.Next(2_000, 200_000)).ToArray(),
        _ => [],
    };
    Console.WriteLine($"B {op} {kind} {version} {string.Join(',', ids)}");
    Console.Out.Flush();
    switch (kind)
    {
        case "put":
        case "grow":
            store.StoreBatch(ids, Vectors.Batch(ids, dimension, version));
            break;
        case "delete":
            store.DeleteBatch(ids);
            break;
        default:
            store.Compact();
            break;
    }

    Console.WriteLine($"A {op}");
    Console.Out.Flush();
}
