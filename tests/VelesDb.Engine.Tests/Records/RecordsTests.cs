using VelesDb.Engine.Contract;
using VelesDb.Engine.Tests.Support;

namespace VelesDb.Engine.Tests.Records;

/// <summary>Records on the embedded engine: text keys and attributes, written, read, replaced, deleted, reopened and compacted.</summary>
public sealed class RecordsTests : IDisposable
{
    private const int Dim = 4;
    private readonly TempStoreDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static RecordAttributes Attrs(string json) => RecordAttributes.FromJson(json);

    private static RecordKey Text(string text) => RecordKey.FromText(text);

    private IVectorStore Create() => StoreProviders.Embedded.Create(StoreProviders.Locate(_dir.StorePath).Locator, new StoreCreateOptions { Dimension = Dim });

    private static IVectorStore Open(string path) => StoreProviders.Embedded.Open(StoreProviders.Locate(path).Locator, new StoreOpenOptions());

    private static void Write(IVectorStore store, params (RecordKey Key, ulong Seed, string? Json)[] records)
    {
        using var scope = store.BeginWrite();
        foreach (var (key, seed, json) in records)
        {
            scope.Add(key, Vectors.For(seed, Dim), json is null ? null : Attrs(json));
        }

        scope.Commit();
    }

    private static VectorRecord Get(IVectorStore store, RecordKey key) =>
        store.Read([key])[0] ?? throw new Xunit.Sdk.XunitException($"record {key} is missing");

    [Fact]
    public void Text_keys_and_attributes_come_back_exactly_beside_integer_keys()
    {
        using var store = Create();
        Write(store, (Text("doc-1"), 1, """{"name":"red","n":1.50,"tags":["a","b"],"nested":{"x":null}}"""), (7, 7, """{"name":"seven"}"""), (8, 8, null));

        Assert.Equal(3, store.Count);
        var doc = Get(store, Text("doc-1"));
        Assert.Equal(Vectors.For(1, Dim), doc.Vector);
        Assert.Equal("""{"name":"red","n":1.50,"tags":["a","b"],"nested":{"x":null}}""", doc.Attributes!.Json);
        Assert.Equal("""{"name":"seven"}""", Get(store, 7).Attributes!.Json);
        Assert.True(Get(store, 8).Attributes!.IsEmpty);
        Assert.True(store.Contains(Text("doc-1")));
        Assert.False(store.Contains(Text("doc-2")));
    }

    [Fact]
    public void A_canonical_integer_string_names_the_integer_record()
    {
        using var store = Create();
        Write(store, (RecordKey.FromText("42"), 42, """{"from":"csv"}"""));
        var record = Get(store, 42);
        Assert.False(record.Key.IsText);
        Assert.Equal("""{"from":"csv"}""", record.Attributes!.Json);
        Assert.Null(store.Read([Text("042")])[0]);
    }

    [Fact]
    public void Every_record_survives_a_clean_reopen_and_a_kill()
    {
        string killed;
        using (var store = Create())
        {
            Write(store, (Text("a"), 1, """{"k":1}"""), (2, 2, """{"k":2}"""), (3, 3, null), (Text("ü/ß ☃"), 4, null));
            Write(store, (Text("a"), 11, """{"k":"one"}"""), (2, 12, null));
            using (var scope = store.BeginWrite())
            {
                scope.Remove(3);
                scope.Remove(Text("ü/ß ☃"));
                Assert.True(scope.SetAttributes(2, Attrs("""{"set":true}""")));
                scope.Commit();
            }

            killed = _dir.SnapshotAsAfterKill();
        }

        foreach (var path in new[] { _dir.StorePath, killed })
        {
            using var reopened = Open(path);
            Assert.Equal(2, reopened.Count);
            var a = Get(reopened, Text("a"));
            Assert.Equal(Vectors.For(11, Dim), a.Vector);
            Assert.Equal("""{"k":"one"}""", a.Attributes!.Json);
            var two = Get(reopened, 2);
            Assert.Equal(Vectors.For(12, Dim), two.Vector);
            Assert.Equal("""{"set":true}""", two.Attributes!.Json);
            Assert.Null(reopened.Read([3])[0]);
            Assert.Null(reopened.Read([Text("ü/ß ☃")])[0]);
            Assert.Equal(2, ((MmapVectorStore)reopened).Verify());
        }
    }

    [Fact]
    public void Setting_attributes_keeps_the_vector_and_an_empty_object_clears_them()
    {
        using var store = Create();
        Write(store, (Text("k"), 5, """{"old":1}"""));
        using (var scope = store.BeginWrite())
        {
            Assert.True(scope.SetAttributes(Text("k"), Attrs("""{"new":2}""")));
            Assert.True(scope.SetAttributes(Text("k"), Attrs("""{"newer":3}""")));
            Assert.False(scope.SetAttributes(Text("absent"), Attrs("""{"x":1}""")));
            scope.Commit();
        }

        var record = Get(store, Text("k"));
        Assert.Equal(Vectors.For(5, Dim), record.Vector);
        Assert.Equal("""{"newer":3}""", record.Attributes!.Json);

        using (var scope = store.BeginWrite())
        {
            Assert.True(scope.SetAttributes(Text("k"), RecordAttributes.Empty));
        }

        Assert.True(Get(store, Text("k")).Attributes!.IsEmpty);
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Setting_attributes_sees_the_adds_and_removes_queued_before_it()
    {
        using var store = Create();
        using var scope = store.BeginWrite();
        scope.Add(Text("new"), Vectors.For(9, Dim), null);
        Assert.True(scope.SetAttributes(Text("new"), Attrs("""{"a":1}""")));
        scope.Remove(Text("new"));
        Assert.False(scope.SetAttributes(Text("new"), Attrs("""{"a":2}""")));
        scope.Commit();
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Reading_all_gives_integer_keys_in_order_then_text_keys_in_ordinal_order()
    {
        using var store = Create();
        Write(store, (Text("b"), 1, null), (10, 2, null), (Text("B"), 3, null), (2, 4, null), (Text("a"), 5, """{"x":1}"""));
        var keys = store.ReadAll().Select(r => r.Key.ToString()).ToArray();
        Assert.Equal(["2", "10", "B", "a", "b"], keys);
        var lean = store.ReadAll(new ReadOptions { Vectors = false, Attributes = false }).ToList();
        Assert.All(lean, r => Assert.Empty(r.Vector));
        Assert.All(lean, r => Assert.Null(r.Attributes));
    }

    [Fact]
    public void Searches_name_text_keys_and_the_integer_search_leaves_them_out()
    {
        using var store = Create();
        Write(store, (Text("near"), 3, null), (1, 1, null), (100, 100, null));
        var query = Vectors.For(3, Dim);
        var matches = store.Search(new SearchRequest { Query = query, K = 2, Metric = DistanceMetric.Euclidean });
        Assert.Equal(Text("near"), matches.Matches[0].Key);
        Assert.Equal(RecordKey.FromNumber(1), matches.Matches[1].Key);

        var hits = ((MmapVectorStore)store).Search(query, 3, DistanceMetric.Euclidean);
        Assert.Equal([1UL, 100UL], hits.Select(h => h.Id));

        var among = store.Search(new SearchRequest { Query = query, K = 5, Metric = DistanceMetric.Euclidean, Candidates = new HashSet<RecordKey> { Text("near"), 100 } });
        Assert.Equal([Text("near"), RecordKey.FromNumber(100)], among.Matches.Select(m => m.Key));
    }

    [Fact]
    public void Compaction_moves_keys_and_attributes_and_reclaims_the_bytes_of_dead_ones()
    {
        using (var store = Create())
        {
            Write(store, (Text("keep"), 1, """{"v":"kept"}"""), (2, 2, """{"v":"two"}"""), (Text("gone"), 3, """{"v":"gone"}"""));
            Write(store, (2, 22, """{"v":"twotwo"}"""));
            using (var scope = store.BeginWrite())
            {
                scope.Remove(Text("gone"));
            }

            var before = store.GetMetrics();
            Assert.Equal(4, before.KeyBytes);
            Assert.Equal("""{"v":"kept"}""".Length + """{"v":"twotwo"}""".Length, before.AttributeBytes);

            var result = ((MmapVectorStore)store).Compact();
            Assert.Equal(2, result.VectorsMoved);
            Assert.Equal(before.KeyBytes, store.GetMetrics().KeyBytes);
            Assert.Equal(before.AttributeBytes, store.GetMetrics().AttributeBytes);
            Assert.Equal("""{"v":"kept"}""", Get(store, Text("keep")).Attributes!.Json);
            Assert.Equal(2, ((MmapVectorStore)store).Verify());
        }

        using var reopened = Open(_dir.StorePath);
        Assert.Equal("""{"v":"twotwo"}""", Get(reopened, 2).Attributes!.Json);
        Assert.Equal(Vectors.For(1, Dim), Get(reopened, Text("keep")).Vector);
        Assert.Null(reopened.Read([Text("gone")])[0]);
    }

    [Fact]
    public void A_repeated_key_in_one_batch_keeps_its_last_record()
    {
        using var store = Create();
        Write(store, (Text("x"), 1, """{"n":1}"""), (Text("x"), 2, """{"n":2}"""), (5, 5, null), (5, 6, """{"n":6}"""));
        Assert.Equal(2, store.Count);
        Assert.Equal("""{"n":2}""", Get(store, Text("x")).Attributes!.Json);
        Assert.Equal(Vectors.For(6, Dim), Get(store, 5).Vector);
        Assert.Equal(2, ((MmapVectorStore)store).Verify());
    }

    [Fact]
    public void Writes_report_the_records_they_stored_with_their_keys_and_attributes()
    {
        using var store = Create();
        using var scope = store.BeginWrite(new WriteScopeOptions { ReportStored = true });
        scope.Add(Text("t"), Vectors.For(1, Dim), Attrs("""{"a":1}"""));
        scope.Add(3, Vectors.For(3, Dim), null);
        scope.Commit();
        var stored = scope.TakeStored();
        Assert.Equal([Text("t"), RecordKey.FromNumber(3)], stored.Select(r => r.Key));
        Assert.Equal("""{"a":1}""", stored[0].Attributes!.Json);
        Assert.True(stored[1].Attributes!.IsEmpty);
    }

    [Fact]
    public async Task A_filtered_search_sees_every_record_written_before_it_while_writes_go_on()
    {
        using var store = Create();
        var matching = RecordAttributes.FromJson("""{"n":1}""");
        using var done = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var batch = 0; batch < 200; batch++)
            {
                using var scope = store.BeginWrite();
                for (var i = 0; i < 50; i++)
                {
                    var n = (batch * 50) + i;
                    scope.Add(n % 3 == 0 ? Text($"t{n}") : (ulong)n, Vectors.For((ulong)n, Dim), matching);
                }
            }

            done.Cancel();
        });

        var searches = 0;
        while (!done.IsCancellationRequested || searches == 0)
        {
            var before = store.Count;
            var found = store.Search(new SearchRequest { Query = Vectors.For(1, Dim), K = 100_000, Filter = ".n == 1" }).Matches.Count;
            Assert.True(found >= before, $"search {searches}: {found} records matched, but {before} were stored before it began");
            searches++;
        }

        await writer;
        Assert.Equal(10_000, store.Search(new SearchRequest { Query = Vectors.For(1, Dim), K = 100_000, Filter = ".n == 1" }).Matches.Count);
    }
}
