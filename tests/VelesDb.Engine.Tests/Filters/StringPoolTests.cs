using VelesDb.Engine.Filters;

namespace VelesDb.Engine.Tests.Filters;

/// <summary>The string table of attribute columns: one id per distinct string while any slot holds it.</summary>
public sealed class StringPoolTests
{
    [Fact]
    public void The_same_string_gets_the_same_id_until_its_last_user_releases_it()
    {
        var pool = new StringPool();
        var id = pool.Acquire("red");
        Assert.Equal(id, pool.Acquire(new string("red".ToCharArray())));
        Assert.NotEqual(id, pool.Acquire("blue"));
        pool.Release(id);
        Assert.Equal(id, pool.Find("red"));
        pool.Release(id);
        Assert.Equal(-1, pool.Find("red"));
        Assert.Null(pool.Text(id));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Many_strings_acquired_and_released_are_found_exactly_while_they_are_held()
    {
        var pool = new StringPool();
        var random = new Random(8);
        var held = new Dictionary<string, (int Id, int Users)>();
        for (var step = 0; step < 200_000; step++)
        {
            var text = "s" + random.Next(20_000);
            if (random.Next(3) != 0 || !held.TryGetValue(text, out var entry))
            {
                var id = pool.Acquire(text);
                if (held.TryGetValue(text, out var known))
                {
                    Assert.Equal(known.Id, id);
                    held[text] = (id, known.Users + 1);
                }
                else
                {
                    held[text] = (id, 1);
                }
            }
            else
            {
                pool.Release(entry.Id);
                if (entry.Users == 1)
                {
                    held.Remove(text);
                }
                else
                {
                    held[text] = (entry.Id, entry.Users - 1);
                }
            }
        }

        Assert.Equal(held.Count, pool.Count);
        for (var i = 0; i < 20_000; i++)
        {
            var text = "s" + i;
            var id = pool.Find(text);
            if (held.TryGetValue(text, out var entry))
            {
                Assert.Equal(entry.Id, id);
                Assert.Equal(text, pool.Text(id));
            }
            else
            {
                Assert.Equal(-1, id);
            }
        }
    }
}
