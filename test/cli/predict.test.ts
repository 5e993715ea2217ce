/** `conveyor predict`: a recorded one-task run that scores a file with a registered model; bad input refused with what to fix, and no file half-written. */
import assert from "node:assert/strict";
import { readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { withConnection } from "../../src/ml/io/duckdb.ts";
import { readParquet } from "../../src/ml/io/parquet.ts";
import { sqlString } from "../../src/ml/io/sql.ts";
import { customerCsv } from "../ml/batch-predict-fixtures.ts";
import { assertOk, assertUserError, json, type Project, project, SDK } from "./harness.ts";

const training = `
import { ingestCsv, pipeline, registerModel, trainModel } from ${JSON.stringify(SDK)};
export default pipeline({ name: "train-churn" }, () => {
  const raw = ingestCsv({ path: "train.csv" });
  const fit = trainModel({ data: raw.outputs.data, target: "churned", kind: "logistic-regression", features: ["tenure", "charges", "plan"] });
  registerModel({ model: fit.outputs.model, name: "churn", alias: "champion" });
});
`;

interface Predicted {
  run: string;
  model: string;
  input: { path: string; digest: string };
  output: string;
  rows: number;
}

describe("conveyor predict", () => {
  let p: Project;
  before(async () => {
    p = await project();
    await p.write("train.csv", customerCsv(300));
    await p.write("customers.csv", customerCsv(500, 9000));
    await p.write("train.ts", training);
    assertOk(await p.cli("run", "train.ts"));
  });

  /** The folder's files that are not the project's own: what predict left behind. */
  async function leftovers(): Promise<string[]> {
    return (await readdir(p.dir)).filter((f) => !["package.json", ".conveyor", "train.csv", "customers.csv", "train.ts", "no-plan.csv", "preds.parquet", "folder"].includes(f));
  }

  it("writes the predictions and records the run with its lineage", async () => {
    const out = json<Predicted>(await p.cli("predict", "models:/churn@champion", "--input", "customers.csv", "--output", "preds.parquet", "--id-column", "customer_id", "--json"));
    assert.equal(out.model, "models:/churn/1");
    assert.equal(out.rows, 500);
    assert.match(out.input.digest, /^sha256:[0-9a-f]{64}$/);
    const predictions = await readParquet(join(p.dir, "preds.parquet"));
    assert.equal(predictions.rowCount, 500);
    assert.deepEqual(predictions.columns.map((c) => c.name), ["customer_id", "prediction", "probability_no", "probability_yes"]);
    const shown = json<{ run: { id: string; status: string }; tasks: { name: string }[] }>(await p.cli("runs", "show", out.run, "--json"));
    assert.equal(shown.run.status, "succeeded");
    assert.deepEqual(shown.tasks.map((t) => t.name), ["batch-predict"]);
    assert.ok(JSON.stringify(shown).includes(out.input.digest), "the run shows the input file's digest");
    const lineage = JSON.stringify(json(await p.cli("lineage", out.run, "--json")));
    assert.ok(lineage.includes('"models:/churn/1"'), `the run read the model version: ${lineage}`);
    assert.ok(lineage.includes('"predictions"'), "the run wrote the predictions");
    assert.deepEqual(await leftovers(), []);
  });

  it("says what it wrote", async () => {
    const result = await p.cli("predict", "churn/1", "-i", "customers.csv", "-o", "preds.parquet");
    assertOk(result);
    assert.match(result.stdout, /wrote preds\.parquet: 500 rows scored by models:\/churn\/1 \(run \w+; conveyor runs show \w+\)/);
  });

  it("Ctrl-C cancels the run, records it cancelled, and writes nothing", async () => {
    // Enough rows that the scoring is still running when the signal arrives.
    await withConnection((c) =>
      c.run(`COPY (SELECT 'c' || i AS customer_id, i % 72 AS tenure, (i * 7) % 1000 / 10 AS charges, ['basic', 'plus', 'pro'][i % 3 + 1] AS plan FROM range(1000000) t(i)) TO ${sqlString(join(p.dir, "many.csv"))} (FORMAT csv, HEADER)`),
    );
    try {
      const started = p.start("predict", "churn@champion", "-i", "many.csv", "-o", "cancelled.parquet");
      const runId = await new Promise<string>((resolve) => {
        let seen = "";
        started.child.stdout?.on("data", (d: Buffer) => {
          seen += d.toString();
          const match = /^run (\w+) · scoring/.exec(seen);
          if (match) resolve(match[1] as string);
        });
      });
      started.child.kill("SIGINT");
      const ended = await started.done;
      assert.equal(ended.code, 130, ended.stderr);
      assert.match(ended.stderr, new RegExp(`cancelled: no predictions written; the run is recorded: conveyor runs show ${runId}`));
      assert.doesNotMatch(ended.stderr, /^\s+at /m);
      const shown = json<{ run: { status: string } }>(await p.cli("runs", "show", runId, "--json"));
      assert.equal(shown.run.status, "cancelled");
      assert.deepEqual(await leftovers(), ["many.csv"]);
    } finally {
      await rm(join(p.dir, "many.csv"), { force: true });
    }
  });

  describe("bad input: a clear error, a non-zero exit, no output written", () => {
    it("an unknown model or alias", async () => {
      assertUserError(await p.cli("predict", "models:/nope@champion", "-i", "customers.csv", "-o", "x.parquet"), 'model "nope" was not found');
      assertUserError(await p.cli("predict", "churn@staging", "-i", "customers.csv", "-o", "x.parquet"), 'model "churn" has no alias "staging"');
      assertUserError(await p.cli("predict", "churn", "-i", "customers.csv", "-o", "x.parquet"), '"churn" is not a model reference');
      assert.deepEqual(await leftovers(), []);
    });

    it("a missing input file, one that is neither CSV nor Parquet, a batch size that is not a number", async () => {
      assertUserError(await p.cli("predict", "churn@champion", "-i", "missing.csv", "-o", "x.parquet"), "no such file", "missing.csv");
      assertUserError(await p.cli("predict", "churn@champion", "-i", "train.ts", "-o", "x.parquet"), "cannot tell the format", ".csv or .parquet");
      assertUserError(await p.cli("predict", "churn@champion", "-i", "customers.csv", "-o", "x.parquet", "--batch-rows", "many"), '--batch-rows "many" is not a whole number');
      assert.deepEqual(await leftovers(), []);
    });

    it("an output that cannot be written", async () => {
      assertUserError(await p.cli("predict", "churn@champion", "-i", "customers.csv", "-o", "no/such/folder/x.parquet"), "cannot write", "no/such/folder");
      assertUserError(await p.cli("predict", "churn@champion", "-i", "customers.csv", "-o", "."), "is a folder");
      assert.deepEqual(await leftovers(), []);
    });

    it("a file without a column the model reads names the column, and the failed run is recorded", async () => {
      await p.write("no-plan.csv", "customer_id,tenure,charges\nc1,3,40\n");
      const result = await p.cli("predict", "churn@champion", "-i", "no-plan.csv", "-o", "failed.parquet");
      assert.equal(result.code, 1, result.stderr);
      assert.match(result.stderr, /^error: .*no-plan\.csv has no column "plan", which the model reads\nhint: its columns are: "customer_id", "tenure", "charges"; the run is recorded: conveyor runs show \w+\n$/);
      assert.doesNotMatch(result.stderr, /^ {4}at /m);
      assert.deepEqual(await leftovers(), []);
    });
  });
});
