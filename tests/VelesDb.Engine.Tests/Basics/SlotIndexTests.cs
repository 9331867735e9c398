using CsCheck;
using VelesDb.Engine.Index;

namespace VelesDb.Engine.Tests.Basics;

public sealed class SlotIndexTests
{
    [Fact]
    public void Puts_and_removes_in_any_order_agree_with_a_dictionary_through_every_rebuild()
    {
        Gen.Select(Gen.Bool, Gen.ULong[0, 300].Array[1, 8]).Array[1, 400].Sample(steps =>
        {
            var index = new SlotIndex(0);
            var model = new Dictionary<ulong, long>();
            foreach (var (put, ids) in steps)
            {
                if (put)
                {
                    var distinct = ids.Distinct().ToArray();
                    var first = index.HighWater;
                    index.PutBatch(first, distinct);
                    for (var i = 0; i < distinct.Length; i++)
                    {
                        model[distinct[i]] = first + i;
                    }
                }
                else
                {
                    Assert.Equal(ids.Distinct().Count(model.Remove), index.RemoveBatch(ids.Distinct().ToArray()));
                }
            }

            Assert.Equal(model.Count, index.Count);
            foreach (var (id, slot) in model)
            {
                Assert.True(index.TryGetSlot(id, out var found));
                Assert.Equal(slot, found);
            }

            Assert.Equal(model.Keys.Order(), index.SnapshotIds().Order());
            var bits = index.SnapshotLiveSlots(out var slots);
            var live = Enumerable.Range(0, (int)slots).Where(s => (bits[s >> 6] & (1UL << (s & 63))) != 0).Select(s => (long)s);
            Assert.Equal(model.Values.Order(), live);
        }, iter: 200);
    }

    [Fact]
    public void Zero_and_the_largest_id_are_ordinary_keys()
    {
        var index = new SlotIndex(0);
        index.PutBatch(0, [0UL, ulong.MaxValue]);
        Assert.True(index.TryGetSlot(0, out var zero));
        Assert.True(index.TryGetSlot(ulong.MaxValue, out var max));
        Assert.Equal((0L, 1L), (zero, max));
        Assert.False(index.TryGetSlot(1, out _));
    }

    [Fact]
    public void A_deleted_position_never_answers_for_another_id()
    {
        var table = new SlotTable(16);
        _ = table.Put(5, 1);
        _ = table.Remove(5);
        _ = table.Put(21, 2);

        Assert.False(table.TryGet(5, out _));
        Assert.True(table.TryGet(21, out var slot));
        Assert.Equal(2, slot);
    }
}
