/** The ingest components: CSV (with options), Parquet, JSON/NDJSON, SQLite and PostgreSQL; content digests and pinning. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import Database from "better-sqlite3";
import pg from "pg";
import {
  type ArtifactRef,
  ingestCsv,
  ingestJson,
  ingestParquet,
  ingestPostgres,
  ingestSqlite,
  param,
  pipeline,
  type Task,
} from "../../src/index.ts";
import { readCsv } from "../../src/ml/io/csv.ts";
import { readParquet, writeParquet } from "../../src/ml/io/parquet.ts";
import { getColumn } from "../../src/ml/table.ts";
import { redact } from "../../src/store/postgres/url.ts";
import type { ArtifactRecord } from "../../src/store/types.ts";
import { POSTGRES_URL, type TestProject, testProject } from "../helpers/project.ts";
import { tempDir } from "./temp-dir.ts";

const files = await tempDir();
let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

/** The same three rows, with a missing label, in every format. */
const csv = "x,label\n1.5,a\n2,\n3,c\n";
const records = [
  { x: 1.5, label: "a" },
  { x: 2, label: null },
  { x: 3, label: "c" },
];

type Ingest = Task<{ data: ArtifactRef<"Dataset"> }>;

/** Runs one ingest task; returns its task record and its Dataset artifact. */
async function ingest(build: () => Ingest, params: Record<string, unknown> = {}) {
  const { run, tasks } = await project.run(pipeline({ name: `ingest-${randomUUID().slice(0, 8)}` }, () => void build()), params);
  const task = Object.values(tasks)[0]!;
  const outputs = (await project.store.taskLineage(task.id)).filter((e) => e.kind === "output");
  return { run, task, data: outputs.find((e) => e.name === "data")?.artifact as ArtifactRecord | undefined };
}

test("CSV, Parquet, JSON, NDJSON, SQLite and PostgreSQL ingest the same rows with one content digest", async () => {
  const csvPath = await files.write("rows.csv", csv);
  const parquetPath = files.path("rows.parquet");
  await writeParquet(await readCsv(csvPath), parquetPath);
  const jsonPath = await files.write("rows.json", JSON.stringify(records));
  const ndjsonPath = await files.write("rows.ndjson", `${records.map((r) => JSON.stringify(r)).join("\n")}\n`);
  const sqlitePath = files.path("rows.db");
  const db = new Database(sqlitePath);
  db.exec("CREATE TABLE rows (x REAL, label TEXT); INSERT INTO rows VALUES (1.5, 'a'), (2, NULL), (3, 'c');");
  db.close();
  const schema = `ingest_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`CREATE SCHEMA ${schema}; CREATE TABLE ${schema}.rows (x float8, label text);`);
  await client.query(`INSERT INTO ${schema}.rows VALUES (1.5, 'a'), (2, NULL), (3, 'c')`);
  try {
    const results = [
      await ingest(() => ingestCsv({ path: csvPath })),
      await ingest(() => ingestParquet({ path: parquetPath })),
      await ingest(() => ingestJson({ path: jsonPath })),
      await ingest(() => ingestJson({ path: ndjsonPath })),
      await ingest(() => ingestSqlite({ path: sqlitePath, query: "SELECT x, label FROM rows ORDER BY x" })),
      await ingest(() => ingestPostgres({ url: POSTGRES_URL, query: `SELECT x, label FROM ${schema}.rows ORDER BY x` })),
    ];
    const digests = new Set<unknown>();
    for (const { run, task, data } of results) {
      assert.equal(run.status, "succeeded", `${task.name}: ${run.error}`);
      assert.equal(task.outputs?.rows, 3);
      assert.match(String(task.outputs?.contentDigest), /^sha256:[0-9a-f]{64}$/);
      assert.equal(data?.metadata.contentDigest, task.outputs?.contentDigest);
      assert.deepEqual(data?.metadata.columns, [
        { name: "x", type: "number", nullable: false },
        { name: "label", type: "string", nullable: true },
      ]);
      assert.equal(data?.metadata.rows, 3);
      digests.add(task.outputs?.contentDigest);
      // The Dataset is Parquet, whatever the source: these six are one content-addressed file.
      const table = await readParquet(project.artifacts.localPath(data!.uri));
      assert.deepEqual(getColumn(table, "label").values, ["a", null, "c"]);
    }
    assert.equal(digests.size, 1, "the same rows have the same content digest");
    assert.equal(new Set(results.map((r) => r.data?.digest)).size, 1, "and are written as the same Parquet bytes");
    const sources = results.map((r) => (r.data?.metadata.source as { kind?: string } | undefined)?.kind);
    assert.equal(new Set(sources).size, 5, `each dataset keeps the metadata of its own source: ${sources.join(", ")}`);
  } finally {
    await client.query(`DROP SCHEMA ${schema} CASCADE`);
    await client.end();
  }
});

test("CSV options: delimiter, no header, and a schema that keeps numeric-looking codes as text", async () => {
  const path = await files.write("semicolons.csv", "02134;1,5\n10001;2\n");
  const { run, task, data } = await ingest(() =>
    ingestCsv({ path, delimiter: ";", header: false, schema: { column_1: "string" } }),
  );
  assert.equal(run.status, "succeeded", run.error ?? "");
  assert.deepEqual(data?.metadata.columns, [
    { name: "column_1", type: "string", nullable: false },
    { name: "column_2", type: "string", nullable: false },
  ]);
  assert.equal(task.outputs?.rows, 2);
  const table = await readParquet(project.artifacts.localPath(data!.uri));
  assert.deepEqual(getColumn(table, "column_1").values, ["02134", "10001"]);
  assert.deepEqual(data?.metadata.source, { kind: "csv", location: path, delimiter: ";", header: false });
});

test("a pinned digest passes when the data is unchanged, is a cache hit on re-run, and fails clearly when it changed", async () => {
  const path = await files.write("pinned.csv", csv);
  const pinned = pipeline({ name: "pinned", params: { path: param.string(), digest: param.string() } }, (p) => {
    ingestCsv({ path: p.path, expectDigest: p.digest });
  });
  const first = await ingest(() => ingestCsv({ path }));
  const digest = String(first.task.outputs?.contentDigest);
  const ok = await project.run(pinned, { path, digest });
  assert.equal(ok.run.status, "succeeded", ok.run.error ?? "");
  const again = await project.run(pinned, { path, digest });
  assert.equal(again.tasks["ingest-csv"]!.status, "cached");

  await files.write("pinned.csv", csv.replace("1.5", "1.25"));
  const changed = await project.run(pinned, { path, digest });
  assert.equal(changed.run.status, "failed");
  const error = changed.tasks["ingest-csv"]!.error ?? "";
  assert.match(error, /has content digest sha256:[0-9a-f]{64}, but expectDigest pins sha256:/);
  assert.ok(error.includes(digest));
  assert.ok(error.includes(path), error);
});

test("ingest errors name the file and what is wrong", async () => {
  const notJson = await files.write("bad.json", '[{"x": 1}, {"x": ');
  const bad = await ingest(() => ingestJson({ path: notJson }));
  assert.match(bad.task.error ?? "", /bad\.json is not readable as JSON records: .*Malformed JSON/);

  const db = files.path("query.db");
  new Database(db).exec("CREATE TABLE t (a INTEGER, b BLOB); INSERT INTO t VALUES (1, x'00ff');");
  const noTable = await ingest(() => ingestSqlite({ path: db, query: "SELECT * FROM missing" }));
  assert.match(noTable.task.error ?? "", /the query on .*query\.db failed: no such table: missing/);
  const blob = await ingest(() => ingestSqlite({ path: db, query: "SELECT a, b FROM t" }));
  assert.match(blob.task.error ?? "", /returns binary data in column "b" at row 0/);

  const refused = await ingest(() => ingestPostgres({ url: "env:CONVEYOR_TEST_UNSET_URL", query: "SELECT 1" }));
  assert.match(refused.task.error ?? "", /environment variable CONVEYOR_TEST_UNSET_URL is not set/);
  const pgError = await ingest(() => ingestPostgres({ url: POSTGRES_URL, query: "SELECT * FROM no_such_table_here" }));
  assert.match(pgError.task.error ?? "", /the query on postgres:.* failed: relation "no_such_table_here" does not exist/);
});

test("ingestPostgres keeps every form of password out of the dataset's metadata, messages and logs", async () => {
  const secret = "pw-9d4e1c7b";
  // The pg driver honours a password given as a query parameter; trust auth ignores it here.
  const withQuery = new URL(POSTGRES_URL);
  withQuery.searchParams.set("password", secret);
  process.env.CONVEYOR_TEST_PG_WITH_PASSWORD = withQuery.toString();
  try {
    const ok = await ingest(() => ingestPostgres({ url: "env:CONVEYOR_TEST_PG_WITH_PASSWORD", query: "SELECT 1 AS x" }));
    assert.equal(ok.run.status, "succeeded", ok.run.error ?? "");
    const source = JSON.stringify(ok.data?.metadata.source);
    assert.ok(source.includes("password=***"), source);
    const failed = await ingest(() => ingestPostgres({ url: "env:CONVEYOR_TEST_PG_WITH_PASSWORD", query: "SELECT * FROM no_such_table_here" }));
    assert.equal(failed.run.status, "failed");
    const attempts = await project.store.listAttempts(failed.task.id);
    const logs = await project.store.readLogs(attempts.map((a) => a.id));
    const recorded = JSON.stringify([ok.data?.metadata, failed.task.error, failed.run.error, logs]);
    assert.ok(recorded.includes("no_such_table_here"), "the failure is recorded");
    assert.ok(!recorded.includes(secret), `the password was recorded: ${recorded}`);
  } finally {
    delete process.env.CONVEYOR_TEST_PG_WITH_PASSWORD;
  }
  // Each form the driver reads a password from.
  for (const [given, shown] of [
    [`postgres://ada:${secret}@db:5432/x`, "postgres://ada:***@db:5432/x"],
    [`postgresql://db/x?sslmode=require&password=${secret}`, "postgresql://db/x?sslmode=require&password=***"],
    [`postgres://db/x?sslpassword=${secret}`, "postgres://db/x?sslpassword=***"],
    [`host=db password=${secret} dbname=x`, "host=db password=*** dbname=x"],
    [`host=db password = '${secret} 2' dbname=x`, "host=db password = *** dbname=x"],
    [`/var/run/postgresql x password=${secret}`, "/var/run/postgresql x password=***"],
  ]) {
    assert.equal(redact(given as string), shown);
  }
});
