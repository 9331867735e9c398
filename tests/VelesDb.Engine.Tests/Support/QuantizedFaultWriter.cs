using System.Globalization;
using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Quantization;

namespace VelesDb.Engine.Tests.Support;

/// <summary>
/// The writer of the quantized-copy SIGKILL tests, run in a child process by VelesDb.CrashWriter
/// (mode "quantized-faults"): the workload of <see cref="QuantizedCrashTests"/> in a new Int8 store
/// on a <see cref="FaultFileSystem"/> with real syncs that SIGKILLs the process at the code point
/// named by VELESDB_KILL_AT, printing "open" once the store is created, "B n" before step n,
/// "A n" once it returned, and "closed" after a clean close.
/// <code>
/// args: directory
/// </code>
/// </summary>
internal static class QuantizedFaultWriter
{
    public static int Run(string[] args)
    {
        var fs = FaultFileSystem.KillingAtNamedPoint();
        var store = MmapVectorStore.Create(args[0], QuantizedCrashTests.Dimension, new VectorStoreOptions { FileSystem = fs, Quantization = StoreQuantization.Int8 });
        Say("open");
        for (var i = 0; i < QuantizedCrashTests.Steps.Length; i++)
        {
            Say(string.Create(CultureInfo.InvariantCulture, $"B {i}"));
            QuantizedCrashTests.Steps[i].Run(store);
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
