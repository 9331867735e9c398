using VelesDb.Engine.Index;

namespace VelesDb.Engine.Tests.Basics;

/// <summary>
/// How the id → slot table spreads ids over its positions. Judged by the table's shape (distinct
/// home positions, how far entries sit from their home), never by time.
/// </summary>
public sealed class SlotTableHashingTests
{
    private const int IdCount = 40_000;

    public static TheoryData<string> IdPatterns => ["sequential", "high bits (k << 48)", "high bits (k << 32)", "multiples of 2^20"];

    [Theory]
    [MemberData(nameof(IdPatterns))]
    public void Ids_of_any_common_pattern_spread_over_many_home_positions(string pattern)
    {
        var table = Filled(pattern);
        var mask = table.Capacity - 1;
        var homes = Ids(pattern).Select(id => SlotTable.Home(id, mask)).Distinct().Count();

        // Random placement of 40,000 ids over 131,072 positions gives about 34,500 distinct homes.
        Assert.True(homes > IdCount / 2, $"{pattern}: {IdCount} ids share only {homes} home positions");
    }

    [Theory]
    [MemberData(nameof(IdPatterns))]
    public void Lookups_of_ids_of_any_common_pattern_probe_a_few_positions(string pattern)
    {
        var table = Filled(pattern);
        var mask = table.Capacity - 1;
        var entries = table.Entries;
        long total = 0;
        var longest = 0;
        for (var position = 0; position < entries.Length; position++)
        {
            if (entries[position].Slot == SlotTable.Empty)
            {
                continue;
            }

            var probes = ((position - SlotTable.Home(entries[position].Key, mask)) & mask) + 1;
            total += probes;
            longest = Math.Max(longest, probes);
        }

        // Linear probing at this load averages under 1.5 probes per hit; a collapsed table needs thousands.
        var average = (double)total / IdCount;
        Assert.True(average < 2, $"{pattern}: {average:F1} probes per lookup on average");
        Assert.True(longest < 64, $"{pattern}: one lookup takes {longest} probes");
    }

    [Theory]
    [MemberData(nameof(IdPatterns))]
    public void Every_id_of_any_common_pattern_is_found_and_absent_ids_are_not(string pattern)
    {
        var table = Filled(pattern);
        var stored = Ids(pattern).ToHashSet();
        var slot = 0L;
        foreach (var id in Ids(pattern))
        {
            Assert.True(table.TryGet(id, out var found));
            Assert.Equal(slot++, found);
            Assert.Equal(stored.Contains(id + 1), table.TryGet(id + 1, out _));
        }
    }

    private static SlotTable Filled(string pattern)
    {
        var table = new SlotTable(SlotTable.CapacityFor(IdCount));
        var slot = 0L;
        foreach (var id in Ids(pattern))
        {
            Assert.Equal(-1, table.Put(id, slot++));
        }

        return table;
    }

    private static IEnumerable<ulong> Ids(string pattern) => Enumerable.Range(1, IdCount).Select(k => pattern switch
    {
        "sequential" => (ulong)k,
        "high bits (k << 48)" => (ulong)k << 48,
        "high bits (k << 32)" => (ulong)k << 32,
        _ => (ulong)k << 20,
    });
}
