using System.Globalization;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The writer of the real-process kill tests, run in a child process by VelesDb.CrashWriter
/// (mode "faults"), which loads this assembly because only it sees the engine's file-system seam.
/// It runs a workload on a <see cref="FaultFileSystem"/> that SIGKILLs the process at the code
/// point named by VELESDB_KILL_AT, printing "B n" before step n and "A n" once it returned.
/// With an eighth argument "continue" it reports a failed step as "E n type: message" and a
/// refused one as "R n" and goes on (for the failing-syscall tests), and reports a failed
/// create as "E create ..." and a failed close as "E close ...".
/// <code>
/// args: directory dimension Full|Process scripted|random seed count versionBase [continue]
/// </code>
/// </summary>
internal static class FaultWriter
{
    public static int Run(string[] args)
    {
        var directory = args[0];
        var dimension = int.Parse(args[1], CultureInfo.InvariantCulture);
        var durability = Enum.Parse<Durability>(args[2]);
        var ops = Ops(args[3], dimension, int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture), int.Parse(args[6], CultureInfo.InvariantCulture));
        var fs = FaultFileSystem.KillingAtNamedPoint();
        var options = new VectorStoreOptions { Durability = durability, CheckpointThresholdBytes = CrashRun.SmallLogBytes, FileSystem = fs };
        var keepGoing = args.Length > 7 && args[7] == "continue";
        var output = Console.Out;
        MmapVectorStore store;
        try
        {
            store = File.Exists(Path.Combine(directory, StorePaths.IndexFileName))
                ? MmapVectorStore.Open(directory, options)
                : MmapVectorStore.Create(directory, dimension, options);
        }
        catch (IOException e) when (keepGoing)
        {
            Say(output, $"E create {e.GetType().Name}: {OneLine(e.Message)}");
            return 0;
        }

        Say(output, "open");
        for (var i = 0; i < ops.Count; i++)
        {
            Say(output, string.Create(CultureInfo.InvariantCulture, $"B {i}"));
            try
            {
                Workload.Execute(store, ops[i]);
                Say(output, string.Create(CultureInfo.InvariantCulture, $"A {i}"));
            }
            catch (IOException e) when (keepGoing)
            {
                Say(output, string.Create(CultureInfo.InvariantCulture, $"E {i} {e.GetType().Name}: {OneLine(e.Message)}"));
            }
            catch (StoreFailedException) when (keepGoing)
            {
                Say(output, string.Create(CultureInfo.InvariantCulture, $"R {i}"));
            }
        }

        try
        {
            store.Dispose();
        }
        catch (StoreCloseFailedException e) when (keepGoing)
        {
            Say(output, $"E close {e.GetType().Name}: {OneLine(e.Message)}");
            return 0;
        }

        Say(output, "closed");
        return 0;
    }

    private static void Say(TextWriter output, string line)
    {
        output.WriteLine(line);
        output.Flush();
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>The same steps the test computes for itself from the same arguments.</summary>
    public static IReadOnlyList<WorkOp> Ops(string kind, int dimension, int seed, int count, int versionBase) =>
        kind == "scripted" ? Workload.Scripted(dimension) : Workload.Random(seed, count, dimension, versionBase);
}
