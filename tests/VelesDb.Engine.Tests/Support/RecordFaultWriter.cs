using System.Globalization;
using VelesDb.Engine.Tests.Records;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The writer of the records named-kill-point tests, run in a child process by
/// VelesDb.CrashWriter (mode "record-faults"), which loads this assembly because only it sees
/// the engine's file-system seam. It runs the scripted records workload
/// (<see cref="RecordWorkload.Script"/>) in a new store on a <see cref="FaultFileSystem"/> that
/// SIGKILLs the process at the code point named by VELESDB_KILL_AT, printing "open" once the store
/// is created, "B n" before step n, "A n" once it returned, and "closed" after a clean close.
/// <code>
/// args: directory Full|Process checkpointThresholdBytes
/// </code>
/// </summary>
internal static class RecordFaultWriter
{
    public static int Run(string[] args)
    {
        var fs = FaultFileSystem.KillingAtNamedPoint();
        var options = new VectorStoreOptions
        {
            Durability = Enum.Parse<Durability>(args[1]),
            CheckpointThresholdBytes = long.Parse(args[2], CultureInfo.InvariantCulture),
            FileSystem = fs,
        };
        var steps = RecordWorkload.Script();
        var store = MmapVectorStore.Create(args[0], RecordWorkload.Dim, options);
        Say("open");
        for (var i = 0; i < steps.Count; i++)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"B {i}"));
            steps[i].Run(store);
            Say(string.Create(CultureInfo.InvariantCulture, $"A {i}"));
        }

        store.Dispose();
        Say("closed");
        return 0;
    }

    private static void Say(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }
}
