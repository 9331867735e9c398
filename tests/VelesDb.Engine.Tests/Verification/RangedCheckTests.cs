using VelesDb.Engine.Contract;
using VelesDb.Engine.Format;
using VelesDb.Engine.Tests.Support;
using VelesDb.Engine.Verification;

namespace VelesDb.Engine.Tests.Verification;

/// <summary>
/// A check reads the data file range by range in file order, one walk of the index per range: the
/// damage it reports must be exactly the damaged records, whichever range their slots fall in,
/// with overwritten and deleted records (whose old slots stay behind) and text keys among them.
/// </summary>
public sealed class RangedCheckTests : IDisposable
{
    private const int Dim = 4;
    private static readonly SlotLayout Layout = new(Dim);
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RecordKey KeyOf(int i) => i % 3 == 0 ? RecordKey.FromText($"doc-{i}") : (RecordKey)(ulong)i;

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(1 << 24)]
    public void Damage_in_every_range_is_reported_exactly_and_nothing_else(int slotsPerRange)
    {
        var options = new VectorStoreOptions { CheckSlotsPerRange = slotsPerRange };
        var random = new Random(slotsPerRange);
        var live = new HashSet<RecordKey>();
        using var store = MmapVectorStore.Create(_dir.StorePath, Dim, options);
        for (var round = 0; round < 4; round++)
        {
            using var scope = store.BeginWrite();
            for (var i = 0; i < 300; i++)
            {
                var key = KeyOf(random.Next(600));
                scope.Add(key, Vectors.For((ulong)i + 1, Dim), i % 2 == 0 ? RecordAttributes.FromJson($$"""{"n":{{i}}}""") : null);
                _ = live.Add(key);
            }

            scope.Commit();
        }

        var deleted = live.Where(_ => random.Next(10) == 0).ToList();
        _ = store.DeleteKeys(deleted, Durability.Full);
        live.ExceptWith(deleted);

        var victims = live.OrderBy(_ => random.Next()).Take(25).ToHashSet();
        var path = _dir.File("vectors.000001.dat");
        foreach (var key in victims)
        {
            Flip(path, SlotOffset(store, key) + SlotLayout.SlotHeaderSize + random.Next(Dim * sizeof(float)));
        }

        var report = store.Check();

        Assert.Equal(live.Count, report.RecordsChecked);
        Assert.Equal(victims.OrderBy(k => k.ToString()), report.Damage.Select(d => d.Key!.Value).OrderBy(k => k.ToString()));
        Assert.All(report.Damage, d => Assert.Equal(DamageKind.SlotChecksum, d.Kind));
        Assert.All(report.Damage, d => Assert.Equal(SlotOffset(store, d.Key!.Value), d.Offset));
    }

    private static long SlotOffset(MmapVectorStore store, RecordKey key)
    {
        var (generation, region) = store.Pin();
        try
        {
            Assert.True(generation.Index.TryGetSlot(key, out var slot));
            return Layout.OffsetOf(slot);
        }
        finally
        {
            region.Release();
        }
    }

    private static void Flip(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x10));
    }
}
