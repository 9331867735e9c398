using VelesDb.Engine.Contract;
using VelesDb.Engine.Filters;

namespace VelesDb.Engine.Tests.Filters;

/// <summary>Column passes agree with <see cref="Filter.Matches"/> slot by slot, whatever the attributes and filters.</summary>
public sealed class AttributeColumnsTests
{
    [Fact]
    public void Keep_clears_exactly_the_slots_whose_attributes_do_not_match()
    {
        var columns = new AttributeColumns();
        var attributes = new[]
        {
            RecordAttributes.FromJson("""{"n":5,"cat":"x","tags":["x","y"]}"""),
            RecordAttributes.FromJson("""{"n":15,"cat":"y","tags":[]}"""),
            null,
            RecordAttributes.FromJson("""{"n":"15","cat":0}"""),
            RecordAttributes.FromJson("""{"n":null,"cat":"x","tags":"axb"}"""),
        };
        for (var slot = 0; slot < attributes.Length; slot++)
        {
            columns.Set(slot, attributes[slot]);
        }

        Assert.Equal([0, 1, 3, 4], Kept(columns, ".n >= 0", 5));
        Assert.Equal([1, 3], Kept(columns, ".n >= 10 and .n < 20", 5));
        Assert.Equal([0, 3, 4], Kept(columns, ".cat == \"x\"", 5));
        Assert.Equal([0, 4], Kept(columns, "\"x\" in .tags", 5));
        Assert.Equal([4], Kept(columns, ".n == null", 5));
        Assert.Equal([0, 1, 3], Kept(columns, ".n in [5, 15]", 5));
        Assert.Equal([1, 3], Kept(columns, "not (.n < 10)", 5));
        Assert.Equal([0, 1, 2, 3, 4], Kept(columns, "1", 5));
        Assert.Empty(Kept(columns, ".nothing or 1", 5));
    }

    [Fact]
    public void Keep_leaves_bits_at_and_above_the_slot_count_alone()
    {
        var columns = new AttributeColumns();
        columns.Set(0, RecordAttributes.FromJson("""{"n":1}"""));
        columns.Set(70, RecordAttributes.FromJson("""{"n":1}"""));
        var mask = new[] { ulong.MaxValue, ulong.MaxValue };
        columns.Keep(Filter.Parse(".n == 2"), mask, 66);
        Assert.Equal(0UL, mask[0]);
        Assert.Equal(ulong.MaxValue << 2, mask[1]);
        mask = [ulong.MaxValue, ulong.MaxValue];
        columns.Keep(Filter.Parse("1 == 2"), mask, 3);
        Assert.Equal(ulong.MaxValue << 3, mask[0]);
    }

    [Fact]
    public void Random_attributes_and_filters_give_Keep_equal_to_Matches_through_churn()
    {
        var random = new Random(1414);
        var source = new RandomAttributes(7);
        const int Slots = 300;
        var columns = new AttributeColumns();
        var held = new RecordAttributes?[Slots];
        for (var slot = 0; slot < Slots; slot++)
        {
            held[slot] = source.Attributes();
            columns.Set(slot, held[slot]);
        }

        for (var round = 0; round < 40; round++)
        {
            for (var f = 0; f < 40; f++)
            {
                CheckAgainstMatches(columns, held, Filter.Parse(source.Filter()), random);
            }

            for (var change = 0; change < 150; change++)
            {
                var slot = random.Next(Slots);
                switch (random.Next(4))
                {
                    case 0:
                        columns.Clear(slot);
                        held[slot] = null;
                        break;
                    default:
                        held[slot] = source.Attributes();
                        columns.Set(slot, held[slot]);
                        break;
                }
            }
        }
    }

    [Fact]
    public void Lists_come_out_right_after_their_storage_is_compacted()
    {
        var random = new Random(5);
        const int Slots = 500;
        var columns = new AttributeColumns();
        var held = new RecordAttributes?[Slots];
        for (var change = 0; change < 20_000; change++)
        {
            var slot = random.Next(Slots);
            var items = Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(3) == 0 ? $"\"t{random.Next(6)}\"" : random.Next(6).ToString(System.Globalization.CultureInfo.InvariantCulture));
            held[slot] = RecordAttributes.FromJson($$"""{"tags":[{{string.Join(',', items)}}],"n":{{random.Next(10)}}}""");
            columns.Set(slot, held[slot]);
        }

        foreach (var text in new[] { "\"t3\" in .tags", "4 in .tags", "\"t1\" in .tags and .n > 4", ".tags", "not (2 in .tags)" })
        {
            CheckAgainstMatches(columns, held, Filter.Parse(text), random);
        }
    }

    [Fact]
    public void Reset_forgets_every_slot()
    {
        var columns = new AttributeColumns();
        columns.Set(3, RecordAttributes.FromJson("""{"n":1}"""));
        columns.Reset();
        Assert.Empty(Kept(columns, ".n == 1", 10));
        columns.Set(3, RecordAttributes.FromJson("""{"n":1}"""));
        Assert.Equal([3], Kept(columns, ".n == 1", 10));
    }

    [Fact]
    public async Task Searches_run_while_the_writer_changes_other_slots_and_see_the_unchanged_ones_exactly()
    {
        const int Slots = 4096;
        const int Churned = 1024;
        var columns = new AttributeColumns();
        var held = new RecordAttributes?[Slots];
        var source = new RandomAttributes(99);
        for (var slot = 0; slot < Slots; slot++)
        {
            held[slot] = source.Attributes();
            columns.Set(slot, held[slot]);
        }

        var filters = Enumerable.Range(0, 30).Select(_ => Filter.Parse(source.Filter())).ToArray();
        var expected = filters.Select(f => Enumerable.Range(Churned, Slots - Churned).Select(s => f.Matches(held[s])).ToArray()).ToArray();
        using var done = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var churn = new RandomAttributes(100);
            var random = new Random(3);
            while (!done.IsCancellationRequested)
            {
                var slot = random.Next(Churned);
                if (random.Next(5) == 0)
                {
                    columns.Clear(slot);
                }
                else
                {
                    // Slots past the end too, so the columns grow under the readers.
                    columns.Set(random.Next(3) == 0 ? Slots + random.Next(100_000) : slot, churn.Attributes());
                }
            }
        });
        var readers = Enumerable.Range(0, 2).Select(r => Task.Run(() =>
        {
            for (var round = 0; round < 60; round++)
            {
                var f = (round + r) % filters.Length;
                var mask = Enumerable.Repeat(ulong.MaxValue, Slots / 64).ToArray();
                columns.Keep(filters[f], mask, Slots);
                for (var s = Churned; s < Slots; s++)
                {
                    Assert.Equal(expected[f][s - Churned], (mask[s >> 6] & (1UL << s)) != 0);
                }
            }
        })).ToArray();
        try
        {
            await Task.WhenAll(readers);
        }
        finally
        {
            await done.CancelAsync();
            await writer;
        }
    }

    private static int[] Kept(AttributeColumns columns, string filter, int slotCount)
    {
        var mask = new ulong[(slotCount + 63) / 64];
        Array.Fill(mask, ulong.MaxValue);
        columns.Keep(Filter.Parse(filter), mask, slotCount);
        return [.. Enumerable.Range(0, slotCount).Where(s => (mask[s >> 6] & (1UL << s)) != 0)];
    }

    private static void CheckAgainstMatches(AttributeColumns columns, RecordAttributes?[] held, Filter filter, Random random)
    {
        var words = (held.Length + 63) / 64 + 1;
        var mask = new ulong[words];
        for (var w = 0; w < words; w++)
        {
            mask[w] = random.Next(4) == 0 ? (ulong)random.NextInt64() : ulong.MaxValue;
        }

        var before = (ulong[])mask.Clone();
        columns.Keep(filter, mask, held.Length);
        for (var bit = 0; bit < words * 64; bit++)
        {
            var was = (before[bit >> 6] & (1UL << bit)) != 0;
            var now = (mask[bit >> 6] & (1UL << bit)) != 0;
            var want = bit < held.Length ? was && filter.Matches(held[bit]) : was;
            if (now != want)
            {
                Assert.Fail($"slot {bit}: Keep says {now}, Matches says {want} for {filter.Text} over {(bit < held.Length ? held[bit]?.Json ?? "none" : "-")}");
            }
        }
    }
}
