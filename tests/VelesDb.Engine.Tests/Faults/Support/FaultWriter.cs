using System.Globalization;

namespace VelesDb.Engine.Tests.Faults.Support;

/// <summary>
/// The writer of the real-process kill tests, run in a child process by VelesDb.CrashWriter
/// (mode "faults"), which loads this assembly because only it sees the engine's file-system seam.
/// It runs a workload on a <see cref="FaultFileSystem"/> that SIGKILLs the process at the code
/// point named by VELESDB_KILL_AT, printing "B n" before step n and "A n" once it returned.
/// <code>
/// args: directory dimension Full|Process scripted|random seed count versionBase
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
        var killAt = Environment.GetEnvironmentVariable(KillPoint.EnvironmentVariable);
        var fs = new FaultFileSystem
        {
            RealSync = true,
            Mode = CrashMode.SigKill,
            KillAt = string.IsNullOrEmpty(killAt) ? null : KillPoint.Parse(killAt),
        };
        var options = new VectorStoreOptions { Durability = durability, CheckpointThresholdBytes = CrashRun.SmallLogBytes, FileSystem = fs };
        var output = Console.Out;
        using (var store = File.Exists(Path.Combine(directory, StorePaths.IndexFileName))
                   ? MmapVectorStore.Open(directory, options)
                   : MmapVectorStore.Create(directory, dimension, options))
        {
            output.WriteLine("open");
            output.Flush();
            for (var i = 0; i < ops.Count; i++)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"B {i}"));
                output.Flush();
                Workload.Execute(store, ops[i]);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"A {i}"));
                output.Flush();
            }
        }

        output.WriteLine("closed");
        output.Flush();
        return 0;
    }

    /// <summary>The same steps the test computes for itself from the same arguments.</summary>
    public static IReadOnlyList<WorkOp> Ops(string kind, int dimension, int seed, int count, int versionBase) =>
        kind == "scripted" ? Workload.Scripted(dimension) : Workload.Random(seed, count, dimension, versionBase);
}
