// Writes the Parquet fixtures of the interchange tests with DuckDB (its own C++ Parquet writer),
// from npm's @duckdb/node-api 1.5.6. Component j of row i is float32((i + 1) * 0.5 - j / 3.0), as
// in make_fixtures.py.
//
// Run from this folder: npm install @duckdb/node-api@1.5.6-r.1 && node make_parquet.mjs
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const vector = `list_transform(range(4), j -> CAST((i + 1) * 0.5::DOUBLE - j::DOUBLE / 3.0::DOUBLE AS FLOAT))`;

// A list<float> column "embedding", a BIGINT "id", and attribute columns of several types (one null).
await db.run(`COPY (
    SELECT i AS id,
           'title ' || i AS title,
           i * 1.5::DOUBLE AS score,
           i % 2 = 0 AS even,
           CASE WHEN i = 3 THEN NULL ELSE i * 10 END AS rank,
           ${vector} AS embedding
    FROM range(5) t(i)
) TO 'duckdb-list.parquet' (FORMAT parquet)`);

// A fixed-size array column FLOAT[4] named "vector" and text keys.
await db.run(`COPY (
    SELECT 'doc-' || i AS key,
           CAST(${vector} AS FLOAT[4]) AS vector
    FROM range(5) t(i)
) TO 'duckdb-fixed.parquet' (FORMAT parquet)`);
