/** The feature store's components in a pipeline: point-in-time rows as a Dataset with their lineage, and materialize. */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Redis } from "ioredis";
import { historicalFeatures, ingestCsv, materializeFeatures, pipeline } from "../../src/index.ts";
import { readParquet } from "../../src/ml/io/parquet.ts";
import { getNumberColumn } from "../../src/ml/table.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";

const EXAMPLE = join(REPO_ROOT, "examples/features");
const redis = new Redis("redis://127.0.0.1:6379");
const prefix = `test:features-components:${randomUUID()}:`;
let project: TestProject;
before(async () => {
  project = await testProject();
});
after(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await project.cleanup();
});

test("historicalFeatures writes the point-in-time rows as a Dataset that names the views' sources; materializeFeatures fills Redis", async () => {
  const views = join(EXAMPLE, "features.ts");
  const { run, tasks } = await project.run(
    pipeline({ name: "features" }, () => {
      const labels = ingestCsv({ path: join(EXAMPLE, "labels.csv") });
      historicalFeatures({ entities: labels.outputs.data, views, viewNames: "transactions" });
      materializeFeatures({ views, prefix });
    }),
  );
  assert.equal(run.status, "succeeded");
  const task = tasks["historical-features"];
  assert.ok(task);
  const lineage = await project.store.taskLineage(task.id);
  assert.deepEqual(lineage.filter((e) => e.kind === "input").map((e) => e.name), ["entities"]);
  const output = lineage.find((e) => e.kind === "output" && e.name === "data")?.artifact;
  assert.ok(output);
  const source = (output.metadata as { source: { views: { view: string; path: string }[] } }).source;
  assert.deepEqual(source.views, [{ view: "transactions", path: join(EXAMPLE, "transactions.csv") }]);
  const table = await readParquet(await project.artifacts.open(output.uri, output.digest));
  assert.deepEqual([...getNumberColumn(table, "balance").values], [100, 80, 7]);
  // Materialized now: long after every transaction, so TTL-expired balances are absent and counts 0.
  assert.equal(await redis.hget(`${prefix}transactions:[1]`, "tx_count_1d"), "0");
  assert.equal(await redis.hget(`${prefix}transactions:[1]`, "balance"), null);
});
