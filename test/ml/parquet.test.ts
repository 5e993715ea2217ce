import assert from "node:assert/strict";
import { readdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { test } from "node:test";
import { DuckDBInstance } from "@duckdb/node-api";
import { ConveyorError } from "../../src/errors.ts";
import { readParquet, writeParquet } from "../../src/ml/io/parquet.ts";
import { createTable } from "../../src/ml/table.ts";
import { tempDir } from "./temp-dir.ts";

const files = await tempDir();

test("a table survives a Parquet round trip, missing values included", async () => {
  const rowCount = 5000; // more than one 2048-row DuckDB chunk
  const table = createTable([
    {
      name: "x",
      type: "number",
      values: Float64Array.from({ length: rowCount }, (_, i) => (i % 7 === 0 ? Number.NaN : i / 3)),
    },
    {
      name: 'odd "name"',
      type: "string",
      values: Array.from({ length: rowCount }, (_, i) => (i % 5 === 0 ? null : `s${i}`)),
    },
  ]);
  const path = files.path("table.parquet");
  await writeParquet(table, path);
  assert.deepEqual(await readParquet(path), table);
  assert.deepEqual(
    await readdir(dirname(path)),
    ["table.parquet"],
    "no temporary file is left behind",
  );
});

test("an empty table round-trips", async () => {
  const table = createTable([{ name: "x", type: "number", values: new Float64Array(0) }]);
  const path = files.path("empty.parquet");
  await writeParquet(table, path);
  assert.deepEqual(await readParquet(path), table);
});

test("Parquet written elsewhere: numeric types become numbers, others strings", async () => {
  const path = files.path("foreign.parquet");
  const connection = await (await DuckDBInstance.create()).connect();
  await connection.run(
    `COPY (SELECT 1::INTEGER AS i, 2.5::DECIMAL(4,1) AS d, true AS b, DATE '2024-01-15' AS day) TO '${path}' (FORMAT parquet)`,
  );
  connection.closeSync();
  const table = await readParquet(path);
  assert.deepEqual(table.columns, [
    { name: "i", type: "number", values: Float64Array.of(1) },
    { name: "d", type: "number", values: Float64Array.of(2.5) },
    { name: "b", type: "string", values: ["true"] },
    { name: "day", type: "string", values: ["2024-01-15"] },
  ]);
});

test("reading a missing or non-Parquet file is a user error", async () => {
  await assert.rejects(
    readParquet(files.path("nope.parquet")),
    (error: unknown) => error instanceof ConveyorError && error.code === "not_found",
  );
  const path = files.path("text.parquet");
  await writeFile(path, "not parquet at all");
  await assert.rejects(
    readParquet(path),
    (error: unknown) =>
      error instanceof ConveyorError && /is not a readable Parquet file/.test(error.message),
  );
});
