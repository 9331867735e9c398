using System.Runtime.InteropServices;
using VelesDb.Benchmarks.Adapters;

namespace VelesDb.Benchmarks.Workloads;

/// <summary>Reads back what was timed and compares it bit for bit, so no workload is timed doing nothing.</summary>
internal static class Verify
{
    /// <summary>Every id in <paramref name="ids"/> reads back exactly as the data set has it.</summary>
    public static int Present(IVectorStoreUnderTest store, DataSet data, ReadOnlySpan<ulong> ids, string when)
    {
        var buffer = new float[data.Dimension];
        foreach (var id in ids)
        {
            if (!store.Read(id, buffer))
            {
                throw new BenchmarkFailedException($"{store.Name}: vector {id} is missing {when}.");
            }

            if (!MemoryMarshal.AsBytes(buffer.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(data.Vector(id))))
            {
                throw new BenchmarkFailedException($"{store.Name}: vector {id} reads back different bytes {when}.");
            }
        }

        return ids.Length;
    }

    /// <summary>No id in <paramref name="ids"/> can be read.</summary>
    public static int Absent(IVectorStoreUnderTest store, DataSet data, ReadOnlySpan<ulong> ids, string when)
    {
        var buffer = new float[data.Dimension];
        foreach (var id in ids)
        {
            if (store.Read(id, buffer))
            {
                throw new BenchmarkFailedException($"{store.Name}: deleted vector {id} can still be read {when}.");
            }
        }

        return ids.Length;
    }

    /// <summary>The zero-copy read of each id returns the first plus the last component of the stored vector.</summary>
    public static int ZeroCopy(IVectorStoreUnderTest store, DataSet data, ReadOnlySpan<ulong> ids)
    {
        foreach (var id in ids)
        {
            var vector = data.Vector(id);
            var expected = vector[0] + vector[^1];
            if (BitConverter.SingleToInt32Bits(store.ReadZeroCopy(id)) != BitConverter.SingleToInt32Bits(expected))
            {
                throw new BenchmarkFailedException($"{store.Name}: the zero-copy view of vector {id} does not hold its bytes.");
            }
        }

        return ids.Length;
    }
}
