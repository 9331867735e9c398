namespace VelesDb.Interchange.Tests;

/// <summary>Files written by other implementations (NumPy, struct, DuckDB) read back exactly.</summary>
public sealed class FixtureTests
{
    [Fact]
    public void Numpy_save_float32_with_an_int64_companion_reads_exact_values_and_keys()
    {
        var rows = Rows.ReadAll(InterchangeFormat.Npy, Rows.FixturePath("vectors-f32.npy"));
        Assert.Equal(5, rows.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(rows[i].Problem);
            Assert.Equal(RowKey.OfNumber((ulong)(10 * (i + 1))), rows[i].Key);
            Assert.Equal(Rows.Fixture(i), rows[i].Vector);
        }
    }

    [Fact]
    public void Numpy_save_float64_reads_as_the_nearest_float32_and_numbers_rows_from_zero()
    {
        var rows = Rows.ReadAll(InterchangeFormat.Npy, Rows.FixturePath("vectors-f64.npy"));
        Assert.Equal(5, rows.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(RowKey.OfNumber((ulong)i), rows[i].Key);
            Assert.Equal(Rows.Fixture(i), rows[i].Vector);
        }
    }

    [Fact]
    public void Numpy_tofile_fvecs_and_struct_fvecs_read_the_same_vectors()
    {
        var base_ = Rows.ReadAll(InterchangeFormat.Fvecs, Rows.FixturePath("base.fvecs"));
        var query = Rows.ReadAll(InterchangeFormat.Fvecs, Rows.FixturePath("query.fvecs"));
        Assert.Equal(5, base_.Count);
        Assert.Equal(2, query.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(Rows.Fixture(i), base_[i].Vector);
        }

        Assert.Equal(base_[1].Vector, query[1].Vector);
    }

    [Fact]
    public void Numpy_tofile_ivecs_and_struct_bvecs_read_whole_numbers()
    {
        var truth = Rows.ReadAll(InterchangeFormat.Ivecs, Rows.FixturePath("groundtruth.ivecs"));
        Assert.Equal([[4f, 3, 2], [0f, 1, 2], [1f, 0, 2]], truth.Select(r => r.Vector).ToArray());
        var bytes = Rows.ReadAll(InterchangeFormat.Bvecs, Rows.FixturePath("bytes.bvecs"));
        Assert.Equal([2f, 3, 202, 255], bytes[2].Vector);
    }

    [Fact]
    public void DuckDB_parquet_with_a_list_column_reads_keys_vectors_and_typed_attributes()
    {
        var rows = Rows.ReadAll(InterchangeFormat.Parquet, Rows.FixturePath("duckdb-list.parquet"));
        Assert.Equal(5, rows.Count);
        for (var i = 0; i < 5; i++)
        {
            Assert.Null(rows[i].Problem);
            Assert.Equal(RowKey.OfNumber((ulong)i), rows[i].Key);
            Assert.Equal(Rows.Fixture(i), rows[i].Vector);
        }

        Assert.Equal("""{"title":"title 1","score":1.5,"even":false,"rank":10}""", rows[1].Attributes);
        Assert.Equal("""{"title":"title 3","score":4.5,"even":false}""", rows[3].Attributes);
    }

    [Fact]
    public void DuckDB_parquet_with_a_fixed_size_array_column_reads_text_keys()
    {
        var rows = Rows.ReadAll(InterchangeFormat.Parquet, Rows.FixturePath("duckdb-fixed.parquet"));
        Assert.Equal(5, rows.Count);
        Assert.Equal(RowKey.OfText("doc-4"), rows[4].Key);
        Assert.Equal(Rows.Fixture(4), rows[4].Vector);
        Assert.Equal("", rows[4].Attributes);
    }
}
