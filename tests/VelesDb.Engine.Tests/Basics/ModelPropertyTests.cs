using CsCheck;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// Random sequences of store, batch, delete, compact, reopen and crash-reopen, checked after
/// every step against a dictionary holding what the store should hold.
/// </summary>
public sealed class ModelPropertyTests
{
    private const int Dim = 3;

    private enum Step
    {
        Store,
        Batch,
        Delete,
        DeleteBatch,
        Compact,
        Reopen,
        CrashReopen,
    }

    private sealed record Action(Step Step, ulong[] Ids, float Seed);

    private static readonly Gen<Action> ActionGen =
        Gen.Select(
            Gen.Enum<Step>(),
            Gen.ULong[0, 40].Array[1, 12],
            Gen.Float[-1000f, 1000f],
            (step, ids, seed) => new Action(step, ids, seed));

    [Fact]
    public void Any_sequence_of_operations_leaves_exactly_what_a_dictionary_would_hold()
    {
        ActionGen.Array[1, 40].Sample(actions =>
        {
            using var dir = new TempStoreDirectory();
            var model = new Dictionary<ulong, float[]>();
            var path = dir.StorePath;
            var store = MmapVectorStore.Create(path, Dim, new VectorStoreOptions { Durability = Durability.Process, CheckpointThresholdBytes = 512 });
            try
            {
                foreach (var action in actions)
                {
                    store = Run(store, action, model, dir, ref path);
                    Check(store, model);
                }
            }
            finally
            {
                store.Dispose();
            }
        }, iter: 60);
    }

    private static MmapVectorStore Run(MmapVectorStore store, Action action, Dictionary<ulong, float[]> model, TempStoreDirectory dir, ref string path)
    {
        var options = new VectorStoreOptions { Durability = Durability.Process, CheckpointThresholdBytes = 512 };
        switch (action.Step)
        {
            case Step.Store:
                var vector = VectorFor(action.Seed, 0);
                store.Store(action.Ids[0], vector);
                model[action.Ids[0]] = vector;
                break;
            case Step.Batch:
                var all = action.Ids.SelectMany((_, i) => VectorFor(action.Seed, i)).ToArray();

                // Half the batches ask for full durability of their own on this Process store.
                store.StoreBatch(action.Ids, all, action.Seed > 0 ? Durability.Full : Durability.Process);
                for (var i = 0; i < action.Ids.Length; i++)
                {
                    model[action.Ids[i]] = VectorFor(action.Seed, i);
                }

                break;
            case Step.Delete:
                Assert.Equal(model.Remove(action.Ids[0]), store.Delete(action.Ids[0]));
                break;
            case Step.DeleteBatch:
                var expected = action.Ids.Distinct().Count(model.Remove);
                Assert.Equal(expected, store.DeleteBatch(action.Ids));
                break;
            case Step.Compact:
                var result = store.Compact();
                Assert.Equal(0.0, store.FragmentationRatio);
                Assert.True(result.Skipped || result.VectorsMoved == model.Count);
                break;
            case Step.Reopen:
                store.Dispose();
                return MmapVectorStore.Open(path, options);
            case Step.CrashReopen:
                path = dir.SnapshotAsAfterKill(path);
                store.Dispose();
                return MmapVectorStore.Open(path, options);
        }

        return store;
    }

    private static void Check(MmapVectorStore store, Dictionary<ulong, float[]> model)
    {
        Assert.Equal(model.Count, store.Count);
        Assert.Equal(model.Keys.Order(), store.Ids().Order());
        foreach (var (id, vector) in model)
        {
            Assert.Equal(vector, store.Retrieve(id));
        }
    }

    private static float[] VectorFor(float seed, int index) => [seed, index, seed * index];
}
