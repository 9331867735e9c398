namespace VelesDb.Redis.Tests;

[Collection(OnGarnet.Name)]
public sealed class RecordTests(GarnetServer garnet) : ServerStoreTests(garnet)
{
    [Fact]
    public void Integer_and_text_keys_that_look_alike_stay_apart_and_come_back_as_their_kind()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        Write(store,
            (42UL, [1, 0], null),
            (RecordKey.FromText("042"), [0, 1], null),
            (RecordKey.FromText("doc-1"), [1, 1], null),
            (RecordKey.FromText("ключ"), [2, 2], null));

        var all = store.ReadAll().ToList();

        Assert.Equal(4, store.Count);
        Assert.Equal([RecordKey.FromNumber(42), RecordKey.FromText("042"), RecordKey.FromText("doc-1"), RecordKey.FromText("ключ")], all.Select(r => r.Key));
        Assert.False(all[0].Key.IsText);
        Assert.True(all[1].Key.IsText);
        Assert.Equal([0f, 1f], all[1].Vector);
        Assert.True(store.Contains(RecordKey.FromText("42")));
        Assert.False(store.Contains(RecordKey.FromText("42 ")));
    }

    [Fact]
    public void Vectors_come_back_exactly_as_added()
    {
        using var store = Create(Garnet.NewLocation(), 5);
        float[] vector = [0.1f, -1e-30f, float.MaxValue, 1f / 3, -0f];
        Write(store, (7UL, vector, null));

        var read = store.Read([7UL, 8UL]);

        Assert.Equal(vector, read[0]!.Vector);
        Assert.Null(read[1]);
    }

    [Fact]
    public void Attributes_round_trip_and_an_overwrite_without_them_clears_them()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        Write(store, (1UL, [1, 0], """{"kind":"a","n":[1,2.50],"nested":{"x":null}}"""), (2UL, [0, 1], null));

        Assert.Equal("""{"kind":"a","n":[1,2.50],"nested":{"x":null}}""", store.Read([1UL])[0]!.Attributes!.Json);
        Assert.Same(RecordAttributes.Empty, store.Read([2UL])[0]!.Attributes);

        Write(store, (1UL, [3, 3], null));

        var overwritten = store.Read([1UL])[0]!;
        Assert.Equal([3f, 3f], overwritten.Vector);
        Assert.True(overwritten.Attributes!.IsEmpty);
    }

    [Fact]
    public void Setting_attributes_keeps_the_vector_and_says_false_for_a_missing_record()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        using var writer = store.BeginWrite();
        writer.Add(1UL, [1, 2], null);

        // The add is still queued: the set must see it.
        Assert.True(writer.SetAttributes(1UL, RecordAttributes.FromJson("""{"tag":"x"}""")));
        Assert.False(writer.SetAttributes(2UL, RecordAttributes.FromJson("""{"tag":"y"}""")));
        writer.Commit();

        var record = store.Read([1UL])[0]!;
        Assert.Equal([1f, 2f], record.Vector);
        Assert.Equal("""{"tag":"x"}""", record.Attributes!.Json);
    }

    [Fact]
    public void Removing_deletes_records_skips_missing_ones_and_counts_what_it_removed()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        Write(store, (1UL, [1, 0], null), (RecordKey.FromText("t"), [0, 1], null), (3UL, [1, 1], null));

        using var writer = store.BeginWrite();
        writer.Remove(1UL);
        writer.Remove(RecordKey.FromText("t"));
        writer.Remove(99UL);
        writer.Commit();

        Assert.Equal(2, writer.RemovedCount);
        Assert.Equal(1, store.Count);
        Assert.Equal([RecordKey.FromNumber(3)], store.ReadAll().Select(r => r.Key));
        Assert.Equal(2, store.GetMetrics().DeletedCount);
    }

    [Fact]
    public void Writes_apply_in_the_order_they_were_queued_within_a_batch()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        using var writer = store.BeginWrite();
        writer.Add(1UL, [1, 0], null);
        writer.Remove(1UL);
        writer.Add(2UL, [0, 1], null);
        writer.Remove(2UL);
        writer.Add(2UL, [5, 5], null);
        writer.Commit();

        Assert.Equal([RecordKey.FromNumber(2)], store.ReadAll().Select(r => r.Key));
        Assert.Equal([5f, 5f], store.Read([2UL])[0]!.Vector);
    }

    [Fact]
    public void A_vector_of_the_wrong_dimension_or_with_NaN_is_refused_alone()
    {
        using var store = Create(Garnet.NewLocation(), 3);
        using var writer = store.BeginWrite();

        var e = Assert.Throws<DimensionMismatchException>(() => writer.Add(1UL, [1, 2], null));
        Assert.Equal(3, e.Expected);
        Assert.Throws<InvalidVectorException>(() => writer.Add(2UL, [1, float.NaN, 2], null));
        writer.Add(3UL, [1, 2, 3], null);
        writer.Commit();

        Assert.Equal([RecordKey.FromNumber(3)], store.ReadAll().Select(r => r.Key));
    }

    [Fact]
    public void Read_all_leaves_out_what_was_not_asked_for_and_keeps_only_what_a_filter_matches()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        Write(store, (1UL, [1, 0], """{"year":2020}"""), (2UL, [0, 1], """{"year":2024}"""), (3UL, [1, 1], null));

        var recent = store.ReadAll(new ReadOptions { Filter = ".year >= 2021", Vectors = false, Attributes = false }).ToList();

        var only = Assert.Single(recent);
        Assert.Equal(RecordKey.FromNumber(2), only.Key);
        Assert.Empty(only.Vector);
        Assert.Null(only.Attributes);
    }

    [Fact]
    public void A_malformed_filter_fails_read_all_when_called_before_anything_is_read()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        Assert.Throws<InvalidFilterException>(() => store.ReadAll(new ReadOptions { Filter = ".year >=" }));
    }

    [Fact]
    public void Read_all_streams_more_records_than_one_read_round_trip_holds_in_key_order()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        using (var writer = store.BeginWrite())
        {
            for (var i = 1000UL; i > 0; i--)
            {
                writer.Add(i, [i, 1], null);
            }
        }

        var keys = store.ReadAll().Select(r => r.Key.Number).ToList();

        Assert.Equal(Enumerable.Range(1, 1000).Select(i => (ulong)i), keys);
    }

    [Fact]
    public void Batches_are_sent_as_pipelines_not_one_round_trip_per_record()
    {
        using var store = Create(Garnet.NewLocation(), 2);
        using (var writer = store.BeginWrite(new WriteScopeOptions { BatchSize = 10, ReportStored = true }))
        {
            for (var i = 0UL; i < 35; i++)
            {
                writer.Add(i, [i, 0], null);
            }

            Assert.Equal(30, writer.TakeStored().Count);
            writer.Commit();
            Assert.Equal(5, writer.TakeStored().Count);
            Assert.Equal(35, writer.StoredCount);
        }

        var metrics = store.GetMetrics();
        Assert.Equal(4, metrics.BatchWriteLatency.Count);
        Assert.Equal(35, metrics.StoredCount);
    }

    [Fact]
    public void A_batch_the_server_refuses_is_an_error_naming_its_keys()
    {
        var location = Garnet.NewLocation();
        using var store = Create(location, 2, DistanceMetric.Cosine);
        Write(store, (1UL, [1, 0], null));

        // Another client replaces the vector set with one of another metric behind the store's back.
        Raw.KeyDelete(KeyOf(location));
        Raw.Execute("VADD", KeyOf(location), "VALUES", "2", "1", "0", "other", "NOQUANT", "XDISTANCE_METRIC", "L2");

        using var writer = store.BeginWrite();
        writer.Add(2UL, [1, 1], null);
        writer.Add(RecordKey.FromText("three"), [1, 1], null);
        var e = Assert.Throws<WriteNotAcknowledgedException>(() => writer.Commit());

        Assert.Equal([RecordKey.FromNumber(2), RecordKey.FromText("three")], e.Keys);
        Assert.Contains("'three'", e.Message, StringComparison.Ordinal);
        Assert.Contains("metric", e.Message, StringComparison.OrdinalIgnoreCase);
    }
}
