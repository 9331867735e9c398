using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;
using Xunit.Abstractions;

namespace VelesDb.Engine.Tests.Quantization;

/// <summary>
/// The int8 copy in the fault campaign: a scripted workload that builds the copy, catches it up
/// after writes and deletes, replaces it at a compaction, drops it and builds it again through the
/// setting, is killed at every file operation (before, inside, after) and has its power cut before
/// every one (strictly, and with torn writes). Each time the store must open, hold every
/// acknowledged step (the one in flight wholly or not at all), keep the old setting or the new
/// one, and answer every search exactly as its f32 scan does.
/// </summary>
public sealed class QuantizedCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Dim = 8;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>One step of the workload and what the store holds once it is done.</summary>
    private sealed record Step(string Name, Action<MmapVectorStore> Run, int CountAfter, StoreQuantization QuantizationAfter);

    private static float[] VectorsFor(int first, int count)
    {
        var random = new Random(first + 1);
        return QuantizedData.Random(random, count, Dim);
    }

    private static ulong[] Ids(int first, int count) => Enumerable.Range(first, count).Select(i => (ulong)i).ToArray();

    private static void Search(MmapVectorStore store) =>
        _ = store.Search(new SearchRequest { Query = VectorsFor(999, 1), K = 5, Metric = DistanceMetric.Euclidean });

    private static readonly Step[] Steps =
    [
        new("put 400", s => s.StoreBatch(Ids(0, 400), VectorsFor(0, 400)), 400, StoreQuantization.Int8),
        new("search: build", Search, 400, StoreQuantization.Int8),
        new("put 60", s => s.StoreBatch(Ids(400, 60), VectorsFor(400, 60)), 460, StoreQuantization.Int8),
        new("search: catch up", Search, 460, StoreQuantization.Int8),
        new("overwrite 30, delete 50", s =>
        {
            s.StoreBatch(Ids(100, 30), VectorsFor(5000, 30));
            _ = s.DeleteBatch(Ids(0, 50));
        }, 410, StoreQuantization.Int8),
        new("search: catch up again", Search, 410, StoreQuantization.Int8),
        new("compact", s => s.Compact(), 410, StoreQuantization.Int8),
        new("search: build for the new generation", Search, 410, StoreQuantization.Int8),
        new("quantization off", s => s.SetQuantization(StoreQuantization.None), 410, StoreQuantization.None),
        new("search without a copy", Search, 410, StoreQuantization.None),
        new("quantization on: build", s => s.SetQuantization(StoreQuantization.Int8), 410, StoreQuantization.Int8),
        new("put 10", s => s.StoreBatch(Ids(900, 10), VectorsFor(900, 10)), 420, StoreQuantization.Int8),
        new("search: catch up last", Search, 420, StoreQuantization.Int8),
    ];

    /// <summary>Runs the workload on <paramref name="fs"/>; returns how many steps were acknowledged before a crash.</summary>
    private static int Execute(string directory, FaultFileSystem fs)
    {
        MmapVectorStore? store = null;
        var done = 0;
        try
        {
            store = MmapVectorStore.Create(directory, Dim, new VectorStoreOptions { FileSystem = fs, Quantization = StoreQuantization.Int8 });
            foreach (var step in Steps)
            {
                step.Run(store);
                done++;
            }

            store.Dispose();
            done++;
        }
        catch (SimulatedCrashException)
        {
            try
            {
                // The "process" is gone; this only lets go of its handles, since no file operation runs any more.
                store?.Dispose();
            }
            catch (Exception e) when (e is SimulatedCrashException or VelesDbException or IOException)
            {
            }
        }

        return done;
    }

    /// <summary>Opens what a crash left and checks it against the steps acknowledged before it.</summary>
    private static void Verify(string directory, int acknowledged, string context)
    {
        // Create itself may have been cut short: before its index there is no store, and none was acknowledged.
        if (!File.Exists(Path.Combine(directory, StorePaths.IndexFileName)))
        {
            Assert.True(acknowledged == 0, $"{context}: the index is gone after {acknowledged} acknowledged steps");
            return;
        }

        using var store = MmapVectorStore.Open(directory, new VectorStoreOptions { Durability = Durability.Process });
        var before = acknowledged == 0 ? (0, StoreQuantization.None) : (Steps[Math.Min(acknowledged, Steps.Length) - 1].CountAfter, Steps[Math.Min(acknowledged, Steps.Length) - 1].QuantizationAfter);
        var inFlight = acknowledged < Steps.Length ? Steps[acknowledged] : null;
        var count = store.Count;
        Assert.True(count == before.Item1 || (inFlight is not null && count == inFlight.CountAfter), $"{context}: {count} records, expected {before.Item1}{(inFlight is null ? "" : $" or {inFlight.CountAfter}")}");
        var quantization = store.Quantization;
        Assert.True(
            quantization == before.Item2 || (inFlight is not null && quantization == inFlight.QuantizationAfter) || acknowledged == 0,
            $"{context}: quantization {quantization}, expected {before.Item2}{(inFlight is null ? "" : $" or {inFlight.QuantizationAfter}")}");

        var random = new Random(acknowledged);
        foreach (var metric in new[] { DistanceMetric.Cosine, DistanceMetric.DotProduct, DistanceMetric.Euclidean })
        {
            for (var q = 0; q < 3; q++)
            {
                var request = new SearchRequest { Query = QuantizedData.Random(random, 1, Dim), K = 10, Metric = metric };
                var answer = store.Search(request);
                Assert.True(answer.Quantized == (quantization == StoreQuantization.Int8), $"{context}: the search {(answer.Quantized ? "used" : "did not use")} a copy with quantization {quantization}");
                Assert.True(store.Search(request with { Exact = true }).Matches.SequenceEqual(answer.Matches), $"{context}: the {metric} answer differs from the f32 scan's");
            }
        }
    }

    private List<IoEvent> DryRun()
    {
        var fs = new FaultFileSystem();
        var directory = _dir.Next("dry");
        Assert.Equal(Steps.Length + 1, Execute(directory, fs));
        Verify(directory, Steps.Length, "no crash");
        Assert.Contains(fs.Trace, e => e.File.EndsWith(".q8", StringComparison.Ordinal) && e.Operation == "Write");
        Assert.Contains(fs.Trace, e => e.File == StorePaths.SettingsFileName);
        return fs.Trace;
    }

    [Fact]
    public void A_kill_at_any_file_operation_leaves_a_store_that_opens_and_answers_exactly()
    {
        var trace = DryRun();
        var points = KillPoint.Along(trace).ToList();
        foreach (var point in points)
        {
            var directory = _dir.Next("k");
            var fs = new FaultFileSystem { KillAt = point, Mode = CrashMode.Kill };
            var acknowledged = Execute(directory, fs);
            Assert.True(fs.CrashedAt is not null, $"{point}: never reached; the workload is not deterministic");
            var left = DirectoryCopy.LinkAsAfterKill(directory, _dir.Next("after-k"));
            Verify(left, acknowledged, $"killed {point} ({fs.CrashedAt}) after {acknowledged} steps");
            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(left);
        }

        output.WriteLine($"killed at {points.Count} points of {trace.Count} file operations");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_power_cut_before_any_file_operation_leaves_a_store_that_opens_and_answers_exactly(bool torn)
    {
        var trace = DryRun();
        var events = torn ? trace.Where(e => e.Index % 2 == 0).ToList() : trace;
        foreach (var e in events)
        {
            var directory = _dir.Next("p");
            var image = _dir.Next("image");
            var fs = new FaultFileSystem
            {
                TrackDisk = true,
                KillAt = KillPoint.At(e, FaultPosition.Before),
                Mode = CrashMode.PowerCut,
                PowerCutDirectory = image,
                TornRandom = torn ? new Random(e.Index) : null,
            };
            var acknowledged = Execute(directory, fs);
            Assert.True(fs.CrashedAt is not null, $"{e}: never reached");

            // Full durability: every acknowledged step survives the cut too.
            Verify(image, acknowledged, $"{(torn ? "torn" : "strict")} power cut before {e} after {acknowledged} steps");
            TempStoreDirectory.Remove(directory);
            TempStoreDirectory.Remove(image);
        }

        output.WriteLine($"{(torn ? "torn" : "strict")}: {events.Count} power cuts of {trace.Count} file operations");
    }
}
