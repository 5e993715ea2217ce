/** The built-in ML components, run through the real engine with a throw-away store. */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import demo from "../../examples/breast-cancer/pipeline.ts";
import { inferExpectations, ingestCsv, param, pipeline, splitData, trainModel, validateData } from "../../src/index.ts";
import { PARQUET } from "../../src/ml/dataset-file.ts";
import { readParquet } from "../../src/ml/io/parquet.ts";
import type { ArtifactRecord } from "../../src/store/types.ts";
import { REPO_ROOT, type TestProject, testProject } from "../helpers/project.ts";
import { tempDir } from "./temp-dir.ts";

const csvPath = join(REPO_ROOT, "data/breast_cancer.csv");
const csvLines = (await readFile(csvPath, "utf8")).trimEnd().split("\n");
const files = await tempDir();

/** The breast cancer CSV with one value replaced: `row` counts data rows from 0. */
function withValue(name: string, row: number, column: string, value: string): Promise<string> {
  const lines = [...csvLines];
  const header = lines[0]!.split(",");
  const fields = lines[row + 1]!.split(",");
  fields[header.indexOf(column)] = value;
  lines[row + 1] = fields.join(",");
  return files.write(name, `${lines.join("\n")}\n`);
}

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

async function outputsOf(taskId: string): Promise<Record<string, ArtifactRecord>> {
  const events = await project.store.taskLineage(taskId);
  return Object.fromEntries(events.filter((e) => e.kind === "output").map((e) => [e.name, e.artifact]));
}

async function readJson(artifact: ArtifactRecord): Promise<unknown> {
  return JSON.parse(await readFile(project.artifacts.localPath(artifact.uri), "utf8"));
}

test("the demo pipeline trains a gated classifier, and a second run is wholly cached", async () => {
  const { run, tasks } = await project.run(demo, { path: csvPath });
  assert.equal(run.status, "succeeded", run.error ?? "");
  for (const task of Object.values(tasks)) assert.equal(task.status, "succeeded", task.name);

  assert.deepEqual(Object.keys(tasks).sort(), ["evaluate-model", "gate-model", "ingest-csv", "split-data", "train-model", "validate-data"]);
  const evaluation = tasks["evaluate-model"]!;
  const scores = evaluation.outputs?.scores as Record<string, number>;
  assert.ok(scores.accuracy! >= 0.95, `accuracy ${scores.accuracy}`);
  assert.ok(scores.rocAuc! >= 0.99, `ROC AUC ${scores.rocAuc}`);
  const metrics = (await readJson((await outputsOf(evaluation.id)).metrics!)) as { rows: number; scores: Record<string, number> };
  assert.equal(metrics.scores.accuracy, scores.accuracy);
  assert.equal(metrics.rows, 114);
  assert.equal(tasks["gate-model"]!.outputs?.passed, true);

  const { model } = await outputsOf(tasks["train-model"]!.id);
  const { signature, trainingMetrics, ...described } = model?.metadata ?? {};
  assert.deepEqual(described, {
    kind: "logistic-regression",
    task: "classification",
    target: "target",
    inputColumns: 30,
    trainingRows: 455,
  });
  assert.equal((signature as { inputs: { columns: unknown[] } }).inputs.columns.length, 30);
  assert.equal(typeof (trainingMetrics as Record<string, number>).accuracy, "number");

  const { data } = await outputsOf(tasks["ingest-csv"]!.id);
  const { train, test: heldOut } = await outputsOf(tasks["split-data"]!.id);
  for (const [artifact, rows] of [
    [data, 569],
    [train, 455],
    [heldOut, 114],
  ] as const) {
    assert.equal(artifact?.type, "Dataset");
    assert.equal(artifact.mediaType, PARQUET);
    assert.equal(artifact.metadata.rows, rows);
    const columns = artifact.metadata.columns as { name: string; type: string; nullable: boolean }[];
    assert.equal(columns.length, 31);
    assert.deepEqual(columns.at(-1), { name: "target", type: "number", nullable: false });
    assert.equal((await readParquet(project.artifacts.localPath(artifact.uri))).rowCount, rows);
  }

  const again = await project.run(demo, { path: csvPath });
  assert.equal(again.run.status, "succeeded");
  for (const task of Object.values(again.tasks)) assert.equal(task.status, "cached", task.name);
});

test("a minimum accuracy the model misses fails the gate task with both numbers", async () => {
  const { run, tasks } = await project.run(demo, { path: csvPath, minAccuracy: 0.999 });
  assert.equal(run.status, "failed");
  assert.equal(tasks["gate-model"]!.status, "failed");
  assert.match(tasks["gate-model"]!.error ?? "", /^model gate failed: accuracy 0\.99\d* is below the minimum 0\.999/);
});

test("a missing feature value halts the run at validation, naming the column and row", async () => {
  const path = await withValue("missing.csv", 4, "mean area", "");
  const { run, tasks } = await project.run(demo, { path });
  assert.equal(run.status, "failed");
  assert.equal(tasks["validate-data"]!.status, "failed");
  const error = tasks["validate-data"]!.error ?? "";
  assert.match(error, /Validation FAILED: 1 of \d+ checks failed/);
  assert.match(error, /FAIL {2}notNull "mean area": expected no missing values; observed missing=1.*first failing rows: 4/);
  assert.doesNotMatch(error, /PASS/, "the error lists only the failed checks");
  for (const name of ["split-data", "train-model", "evaluate-model", "gate-model"]) {
    assert.equal(tasks[name]!.status, "skipped", name);
  }
});

test("a target of 2 halts the run at validation with the observed range", async () => {
  const path = await withValue("target-2.csv", 7, "target", "2");
  const { run, tasks } = await project.run(demo, { path });
  assert.equal(run.status, "failed");
  assert.match(tasks["validate-data"]!.error ?? "", /FAIL {2}range "target": .*max=2, outOfRange=1; first failing rows: 7/);
  assert.equal(tasks["train-model"]!.status, "skipped");
});

test("warnOnly validation passes a failing dataset on with passed = false and a report", async () => {
  const path = await withValue("warn.csv", 0, "target", "");
  const warned = pipeline({ name: "warned", params: { path: param.string() } }, (p) => {
    const raw = ingestCsv({ path: p.path });
    validateData({ data: raw.outputs.data, expectations: [{ kind: "notNull", column: "target" }], warnOnly: true });
  });
  const { run, tasks } = await project.run(warned, { path });
  assert.equal(run.status, "succeeded", run.error ?? "");
  assert.equal(tasks["validate-data"]!.outputs?.passed, false);
  const report = (await readJson((await outputsOf(tasks["validate-data"]!.id)).report!)) as { passed: boolean };
  assert.equal(report.passed, false);
});

test("malformed expectations are refused by position and field", async () => {
  const bad = pipeline({ name: "bad-expectations" }, () => {
    const raw = ingestCsv({ path: csvPath });
    validateData({ data: raw.outputs.data, expectations: [{ kind: "rowCount", min: 1 }, { kind: "notnull", column: "x" }] });
  });
  const { tasks } = await project.run(bad);
  assert.match(tasks["validate-data"]!.error ?? "", /expectation 2 has kind "notnull" \(did you mean "notNull"\?\); the kinds are exists, schema, notNull, range/);
});

test("an unknown target column is a clear error listing the columns", async () => {
  const misnamed = pipeline({ name: "misnamed-target" }, () => {
    const raw = ingestCsv({ path: csvPath });
    splitData({ data: raw.outputs.data, target: "diagnosis" });
    trainModel({ data: raw.outputs.data, target: "diagnosis", kind: "logistic-regression" });
  });
  const { run, tasks } = await project.run(misnamed);
  assert.equal(run.status, "failed");
  for (const name of ["split-data", "train-model"]) {
    assert.match(tasks[name]!.error ?? "", /^target column "diagnosis" is not in the data \(the columns are: "mean radius", .*"target"\)$/, name);
  }
});

test("splitData takes a given split: test row indices, or a column naming each row's part", async () => {
  const path = await files.write("folds.csv", "x,y,fold\n1,0,train\n2,1,test\n3,0,train\n4,1,train\n5,0,test\n");
  const given = pipeline({ name: "given-split" }, () => {
    const raw = ingestCsv({ path });
    splitData({ data: raw.outputs.data, target: "y", testRows: [0, 3] }, { name: "by-rows" });
    splitData({ data: raw.outputs.data, target: "y", splitColumn: "fold" }, { name: "by-column" });
  });
  const { run, tasks } = await project.run(given);
  assert.equal(run.status, "succeeded", run.error ?? "");
  const read = async (task: string, side: string) => {
    const table = await readParquet(project.artifacts.localPath((await outputsOf(tasks[task]!.id))[side]!.uri));
    return Object.fromEntries(table.columns.map((c) => [c.name, [...c.values]]));
  };
  assert.deepEqual((await read("by-rows", "test")).x, [1, 4]);
  assert.deepEqual((await read("by-rows", "train")).x, [2, 3, 5]);
  assert.deepEqual(await read("by-column", "test"), { x: [2, 5], y: [1, 0] });
  assert.deepEqual(await read("by-column", "train"), { x: [1, 3, 4], y: [0, 0, 1] });
});

test("a suite inferred on training rows checks the test rows; validateData compares with a reference", async () => {
  const checked = pipeline({ name: "train-to-test" }, () => {
    const raw = ingestCsv({ path: csvPath });
    const split = splitData({ data: raw.outputs.data, target: "target" });
    // Ranges are left out: a few test rows lie beyond the training rows' widened ranges.
    const inferred = inferExpectations({ data: split.outputs.train, kinds: ["rowCount", "schema", "notNull"], rowCountTolerance: 5 });
    validateData({ data: split.outputs.test, expectations: inferred.outputs.expectations }, { name: "inferred-suite" });
    validateData(
      {
        data: split.outputs.test,
        reference: split.outputs.train,
        expectations: [{ kind: "noDrift" }, { kind: "sameDistribution", column: "mean area" }],
      },
      { name: "against-training" },
    );
  });
  const { run, tasks } = await project.run(checked);
  assert.equal(run.status, "succeeded", run.error ?? "");
  assert.equal(tasks["inferred-suite"]!.outputs?.passed, true);
  assert.equal(tasks["against-training"]!.outputs?.passed, true);
  const logOf = async (task: string) => {
    const attempts = await project.store.listAttempts(tasks[task]!.id);
    return (await project.store.readLogs(attempts.map((a) => a.id))).map((line) => line.message).join("\n");
  };
  // 1 row count, 31 schema columns and 31 notNull: counted as the report counts its checks.
  assert.match(await logOf("infer-expectations"), /inferred 33 expectations making 63 checks: 1 rowCount, 31 schema, 31 notNull/);
  assert.match(await logOf("inferred-suite"), /Validation passed: 63 checks/);
});
