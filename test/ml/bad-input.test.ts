/**
 * Issue 3's bad-input list, through the built-in components and the real engine: each gets
 * an error that names the row and column (or the file and line), never a crash or a silently
 * wrong model.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { evaluateModel, ingestCsv, param, pipeline, trainModel } from "../../src/index.ts";
import { type TestProject, testProject } from "../helpers/project.ts";
import { tempDir } from "./temp-dir.ts";

const files = await tempDir();
let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

const training = pipeline(
  {
    name: "training",
    params: {
      path: param.string(),
      target: param.string({ default: "y" }),
      kind: param.enum(["logistic-regression", "linear-regression"], { default: "logistic-regression" }),
      preprocessing: param.json({ default: "auto" }),
      schema: param.json<Record<string, "number" | "string">>({ default: {} }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path, schema: p.schema });
    trainModel({ data: raw.outputs.data, target: p.target, kind: p.kind, preprocessing: p.preprocessing });
  },
);

const scoring = pipeline({ name: "scoring", params: { train: param.string(), score: param.string() } }, (p) => {
  const fit = trainModel({ data: ingestCsv({ path: p.train }, { name: "ingest-train" }).outputs.data, target: "y", kind: "logistic-regression" });
  evaluateModel({ model: fit.outputs.model, data: ingestCsv({ path: p.score }, { name: "ingest-score" }).outputs.data });
});

/** The error of the first failed task of a run of `training` on this CSV text. */
async function trainingError(csv: string | Buffer, params: Record<string, unknown> = {}): Promise<string> {
  const path = await files.write(`case-${Math.random()}.csv`, csv);
  const { run, tasks } = await project.run(training, { path, ...params });
  assert.equal(run.status, "failed", "the run should fail");
  const failed = Object.values(tasks).find((t) => t.status === "failed");
  return `${failed?.name}: ${failed?.error}`;
}

const good = "a,b,c,y\n1,2,x,0\n2,1,y,1\n3,5,x,0\n4,4,y,1\n5,2,x,0\n6,7,y,1\n";

test("malformed CSV: a ragged row, an unbalanced quote and invalid UTF-8 are named by line (and column)", async () => {
  assert.match(await trainingError("a,b,y\n1,2,0\n3,1\n"), /^ingest-csv: .*, line 3 \(data row 2\), column "y": found 2 values, but the header names 3 columns/);
  assert.match(await trainingError('a,b,y\n1,2,0\n3,"4,1\n5,6,1\n'), /^ingest-csv: .*, line 3 \(data row 2\), column "b": a quoted value is never closed/);
  const invalid = Buffer.concat([Buffer.from("a,b,y\n1,2,0\n3,"), Buffer.from([0xff, 0xfe]), Buffer.from(",1\n")]);
  assert.match(await trainingError(invalid), /^ingest-csv: .*, line 3 \(data row 2\): .*UTF-8/i);
});

test("an empty file is refused by name", async () => {
  assert.match(await trainingError(""), /^ingest-csv: .*case-[\d.]+\.csv: the file is empty or starts with a blank line/);
});

test("a column with no values at all cannot be imputed, and says so by name", async () => {
  const csv = "a,empty,y\n1,,0\n2,,1\n3,,0\n4,,1\n";
  assert.match(
    await trainingError(csv),
    /^train-model: column "empty" has no values to learn a fill from: every training row is missing \(drop "empty"/,
  );
});

test("text in a numeric column: declared numeric, the row and column are named at ingest", async () => {
  const csv = "a,b,y\n1,2,0\n2,three,1\n3,4,0\n";
  assert.match(
    await trainingError(csv, { schema: { b: "number" } }),
    /^ingest-csv: .*, line 3 \(data row 2\), column "b": "three" is not a number, but the schema declares "b" a number column/,
  );
});

test("an unknown target column lists the columns there are", async () => {
  assert.match(await trainingError(good, { target: "label" }), /^train-model: target column "label" is not in the data \(the columns are: "a", "b", "c", "y"\)/);
});

test("a classifier's target with a single class is refused", async () => {
  assert.match(await trainingError("a,y\n1,1\n2,1\n3,1\n"), /^train-model: target column "y" holds only one class \(1\) \(a classifier needs rows of at least two classes\)/);
});

test("NaN or Infinity in a feature is named by column and row", async () => {
  const missing = "a,b,y\n1,2,0\n2,,1\n3,4,0\n4,5,1\n";
  assert.match(await trainingError(missing, { preprocessing: [] }), /^train-model: column "b" has a missing value at row 1/);
  const infinite = "a,b,y\n1,2,0\n2,Infinity,1\n3,4,0\n4,5,1\n";
  assert.match(await trainingError(infinite), /^train-model: column "b" has an infinite value at row 1/);
  assert.match(
    await trainingError(infinite, { preprocessing: [{ kind: "scale", method: "standard" }] }),
    /^train-model: column "b" has an infinite value at row 1/,
  );
});

test("a regression target with a missing value is named by row", async () => {
  assert.match(
    await trainingError("a,y\n1,1.5\n2,\n3,2.5\n", { kind: "linear-regression" }),
    /^train-model: target column "y" is missing at row 1/,
  );
});

test("bad preprocessing steps are named by position and field", async () => {
  assert.match(
    await trainingError(good, { preprocessing: [{ kind: "impute", strategy: "avg" }] }),
    /^train-model: preprocessing step 1 "strategy" is "avg"; use one of "mean", "median", "most_frequent", "constant"/,
  );
});

test("prediction data whose columns or types differ from the model's schema is refused, naming the column", async () => {
  const train = await files.write("train.csv", good);
  const missingColumn = await files.write("no-b.csv", "a,c,y\n1,x,0\n2,y,1\n");
  const textual = await files.write("text-a.csv", "a,b,c,y\n1,2,x,0\nn/a,1,y,1\n");
  const cases = [
    [missingColumn, /^the data has no column "b", which the model reads/],
    [textual, /^column "a" holds text \(row 1 is "n\/a"\), but the model was trained on numbers in it/],
  ] as const;
  for (const [score, message] of cases) {
    const { run, tasks } = await project.run(scoring, { train, score });
    assert.equal(run.status, "failed");
    assert.match(tasks["evaluate-model"]!.error ?? "", message);
  }
});
