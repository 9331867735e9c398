using System.Globalization;
using VelesDb.Engine;
using VelesDb.Engine.Tests.Support;

/// <summary>
/// Mode "records": opens (or creates) a store on the real file system and runs the records kill
/// workload (<see cref="RecordKillWorkload"/>) until it is killed. Prints "open" once the store is
/// open, "B n kind" before step n and "A n" after it returned, each line flushed at once, so a
/// line the parent reads whole is a step the store had acknowledged.
/// <code>
/// args: directory Full|Process seed versionBase
/// </code>
/// </summary>
internal static class RecordsWriter
{
    public static int Run(string[] args)
    {
        var directory = args[0];
        var options = new VectorStoreOptions { Durability = Enum.Parse<Durability>(args[1]), CheckpointThresholdBytes = 64 * 1024 };
        var seed = int.Parse(args[2], CultureInfo.InvariantCulture);
        var versionBase = int.Parse(args[3], CultureInfo.InvariantCulture);
        using var store = Directory.Exists(directory)
            ? MmapVectorStore.Open(directory, options)
            : MmapVectorStore.Create(directory, RecordKillWorkload.Dimension, options);
        Say("open");
        foreach (var step in RecordKillWorkload.Steps(seed, versionBase))
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"B {step.Index} {step.Kind}"));
            RecordKillWorkload.Run(store, step);
            Say(string.Create(CultureInfo.InvariantCulture, $"A {step.Index}"));
        }

        return 0;
    }

    private static void Say(string line)
    {
        Console.WriteLine(line);
        Console.Out.Flush();
    }
}
