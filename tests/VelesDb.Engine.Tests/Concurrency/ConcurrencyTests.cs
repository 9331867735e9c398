using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Concurrency;

public sealed class ConcurrencyTests : IDisposable
{
    private const int Dim = 64;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_view_held_across_growth_and_compaction_stays_valid()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process });
        store.Store(1, Vectors.For(1, Dim));
        Assert.True(store.TryGetView(1, out var view));
        using (view)
        {
            var ids = Enumerable.Range(10, 100_000).Select(i => (ulong)i).ToArray();
            store.StoreBatch(ids, Vectors.Batch(ids, Dim));
            store.DeleteBatch(ids);
            store.Compact();

            Assert.True(store.GetMetrics().ResizeCount > 0);
            Assert.Equal(Vectors.For(1, Dim), view.Vector.ToArray());
        }
    }

    [Fact]
    public async Task Readers_never_see_a_torn_vector_while_a_writer_overwrites_grows_and_compacts()
    {
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, new VectorStoreOptions { Durability = Durability.Process });
        var ids = Enumerable.Range(0, 200).Select(i => (ulong)i).ToArray();
        store.StoreBatch(ids, Vectors.Batch(ids, Dim));
        using var stop = new CancellationTokenSource();
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var readsDone = 0L;
        using var readersRunning = new CountdownEvent(2);

        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            var buffer = new float[Dim];
            var random = new Random(r);
            var reader = store.OpenReader();
            var readerReads = 0;
            while (!stop.IsCancellationRequested)
            {
                var id = (ulong)random.Next(200);
                if (store.TryRetrieve(id, buffer))
                {
                    CheckWhole(id, buffer, failures);
                }

                // A reader is kept across many writes, growths and compactions, then replaced.
                if (reader.TryGetVector(id, out var held))
                {
                    CheckWhole(id, held.ToArray(), failures);
                }
                else
                {
                    failures.Enqueue($"a reader lost vector {id}, which is never deleted");
                }

                if (reader.TryCopy(id, buffer))
                {
                    CheckWhole(id, buffer, failures);
                }

                if (++readerReads % 1000 == 0)
                {
                    reader.Dispose();
                    reader = store.OpenReader();
                }

                if (store.TryGetView(id, out var view))
                {
                    using (view)
                    {
                        CheckWhole(id, view.Vector.ToArray(), failures);
                    }
                }

                if (Interlocked.Increment(ref readsDone) <= 2 && !readersRunning.IsSet)
                {
                    readersRunning.Signal();
                }
            }

            reader.Dispose();
        })).ToArray();

        readersRunning.Wait();
        for (var round = 1; round <= 30; round++)
        {
            store.StoreBatch(ids, Vectors.Batch(ids, Dim, version: round));
            var filler = Enumerable.Range(1000 + (round * 3000), 3000).Select(i => (ulong)i).ToArray();
            store.StoreBatch(filler, Vectors.Batch(filler, Dim));
            store.DeleteBatch(filler);
            if (round % 10 == 0)
            {
                store.Compact();
            }
        }

        stop.Cancel();
        await Task.WhenAll(readers);
        Assert.Empty(failures);
        Assert.True(Interlocked.Read(ref readsDone) > 0);
        Assert.True(store.GetMetrics().ResizeCount > 0, store.GetMetrics().ToString());
    }

    private static void CheckWhole(ulong id, float[] vector, System.Collections.Concurrent.ConcurrentQueue<string> failures)
    {
        // Every component of one version shares the same (id + version/2) base: a mix of versions is a torn read.
        var base0 = vector[0];
        for (var i = 1; i < vector.Length; i++)
        {
            if (Math.Abs(vector[i] - (base0 + (i * 1e-3f))) > 1e-2f)
            {
                failures.Enqueue($"vector {id} torn at component {i}");
                return;
            }
        }

        if (Math.Abs(base0 - id) > 16)
        {
            failures.Enqueue($"vector {id} holds another id's data ({base0})");
        }
    }
}
