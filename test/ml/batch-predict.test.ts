/** batchPredict: the same predictions as model.predict, batch by batch, from CSV, Parquet or a dataset, with lineage to the model version. */
import assert from "node:assert/strict";
import { stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { batchPredict, ingestCsv, pipeline } from "../../src/index.ts";
import { scoreBatches, scoringInput } from "../../src/ml/batch-scoring.ts";
import { readCsv } from "../../src/ml/io/csv.ts";
import { readParquet, writeParquet } from "../../src/ml/io/parquet.ts";
import { loadModel } from "../../src/ml/model-file.ts";
import { type Column, createTable, type Table } from "../../src/ml/table.ts";
import type { TrainedModel } from "../../src/ml/trained-model.ts";
import type { TaskRecord } from "../../src/store/types.ts";
import { type StoreKind, type TestProject, testProject } from "../helpers/project.ts";
import { customerCsv, trainingPipeline, writeCustomerParquet } from "./batch-predict-fixtures.ts";

const SCORED = 1000;

function values(table: Table, name: string): Column["values"] {
  const column = table.columns.find((c) => c.name === name);
  assert.ok(column, `the predictions have a column "${name}"; they have ${table.columns.map((c) => c.name).join(", ")}`);
  return column.values;
}

/** What the model itself says for every row of the file, read whole. */
async function expected(model: TrainedModel, table: Table): Promise<Record<string, unknown[]>> {
  if (model.task === "regression") return { prediction: [...(await model.predict(table))] };
  const proba = await model.predictProba(table);
  const out: Record<string, unknown[]> = { prediction: await model.predict(table) };
  model.classes.forEach((label, k) => {
    out[`probability_${label}`] = Array.from({ length: table.rowCount }, (_, r) => proba.data[r * proba.cols + k]);
  });
  return out;
}

for (const kind of ["sqlite", "postgres"] as StoreKind[]) {
  describe(`batchPredict on ${kind}`, () => {
    let project: TestProject;
    const prefix = `bp-${kind}`;
    before(async () => {
      project = await testProject(kind);
      await writeFile(join(project.dir, "train.csv"), customerCsv(400));
      await writeFile(join(project.dir, "score.csv"), customerCsv(SCORED, 5000));
      await writeCustomerParquet(join(project.dir, "score.parquet"), SCORED, 5000);
      const { run } = await project.run(trainingPipeline(project.dir, prefix));
      assert.equal(run.status, "succeeded", run.error ?? "");
    });
    after(() => project.cleanup());

    async function registered(name: string): Promise<TrainedModel> {
      const version = await project.store.getModelVersion(name, 1);
      const artifact = version && (await project.store.getArtifact(version.artifactId));
      assert.ok(artifact);
      return loadModel(JSON.parse(await (await import("node:fs/promises")).readFile(project.artifacts.localPath(artifact.uri), "utf8")));
    }

    async function score(args: Parameters<typeof batchPredict>[0]) {
      const { run, tasks } = await project.run(pipeline({ name: "score" }, () => {
        batchPredict(args);
      }));
      const task = tasks["batch-predict"] as TaskRecord;
      return { run, task };
    }

    async function predictionsOf(task: TaskRecord): Promise<Table> {
      const [event] = (await project.store.taskLineage(task.id)).filter((e) => e.kind === "output" && e.name === "predictions");
      assert.ok(event, "the task recorded its predictions");
      return readParquet(project.artifacts.localPath(event.artifact.uri));
    }

    for (const [model, format] of [
      ["churn", "csv"],
      ["churn", "parquet"],
      ["spend", "csv"],
      ["spend", "parquet"],
    ] as const) {
      it(`scores a ${format} file with the ${model === "churn" ? "classifier" : "regressor"} exactly as model.predict does, in many batches`, async () => {
        const path = join(project.dir, `score.${format}`);
        const { run, task } = await score({ modelUri: `models:/${prefix}-${model}@champion`, path, idColumn: "customer_id", batchRows: 64 });
        assert.equal(run.status, "succeeded", run.error ?? "");
        assert.deepEqual(task.outputs, { rows: SCORED, modelVersion: `models:/${prefix}-${model}/1` });
        const trained = await registered(`${prefix}-${model}`);
        const table = format === "csv" ? await readCsv(path) : await readParquet(path);
        const predictions = await predictionsOf(task);
        assert.equal(predictions.rowCount, SCORED);
        assert.deepEqual(values(predictions, "customer_id"), values(table, "customer_id"), "the ids are in the file's order");
        const want = await expected(trained, table);
        assert.deepEqual(predictions.columns.map((c) => c.name), ["customer_id", ...Object.keys(want)]);
        for (const [name, column] of Object.entries(want)) assert.deepEqual([...values(predictions, name)], column, name);
      });
    }

    it("records the lineage: the input file's digest, the model version read, the predictions", async () => {
      const path = join(project.dir, "score.csv");
      const { run, task } = await score({ modelUri: `models:/${prefix}-churn@champion`, path });
      assert.equal(run.status, "succeeded", run.error ?? "");
      const lineage = await project.store.taskLineage(task.id);
      const version = await project.store.getModelVersion(`${prefix}-churn`, 1);
      const read = lineage.find((e) => e.kind === "input" && e.name === `models:/${prefix}-churn/1`);
      assert.equal(read?.artifactId, version?.artifactId, "the model version is an input of the task");
      assert.ok(lineage.some((e) => e.kind === "output" && e.name === "predictions"));
      const parts = task.cacheKeyParts as { files: Record<string, string> };
      assert.match(parts.files.path ?? "", /^sha256:[0-9a-f]{64}$/, "the input file's digest is recorded");
      const predictions = lineage.find((e) => e.name === "predictions")?.artifact;
      assert.deepEqual(predictions?.metadata.model, { uri: `models:/${prefix}-churn/1`, digest: version?.digest });
    });

    it("scores a dataset artifact with a model artifact", async () => {
      const path = join(project.dir, "score.csv");
      const { run, tasks } = await project.run(
        pipeline({ name: "score-dataset" }, () => {
          const raw = ingestCsv({ path });
          batchPredict({ data: raw.outputs.data, modelUri: `models:/${prefix}-spend/1` });
        }),
      );
      assert.equal(run.status, "succeeded", run.error ?? "");
      const predictions = await predictionsOf(tasks["batch-predict"] as TaskRecord);
      const want = await expected(await registered(`${prefix}-spend`), await readCsv(path));
      assert.deepEqual([...values(predictions, "prediction")], want.prediction);
    });

    it("an empty file gives predictions with the columns and no rows", async () => {
      const path = join(project.dir, "empty.csv");
      await writeFile(path, "customer_id,tenure,charges,plan\n");
      const { run, task } = await score({ modelUri: `models:/${prefix}-churn/1`, path, idColumn: "customer_id" });
      assert.equal(run.status, "succeeded", run.error ?? "");
      const predictions = await predictionsOf(task);
      assert.equal(predictions.rowCount, 0);
      assert.deepEqual(predictions.columns.map((c) => c.name), ["customer_id", "prediction", "probability_no", "probability_yes"]);
    });

    it("a cancelled task stops between batches and writes no predictions", async () => {
      const outputPath = join(project.dir, "cancelled.parquet");
      const reason = new Error("cancelled");
      const scoring = scoreBatches(await registered(`${prefix}-churn`), scoringInput(undefined, join(project.dir, "score.csv")), {
        idColumn: "",
        batchRows: 64,
        workDir: join(project.dir, "cancelled-work"),
        outputPath,
        signal: AbortSignal.abort(reason),
      });
      await assert.rejects(scoring, (error) => error === reason);
      await assert.rejects(stat(outputPath), { code: "ENOENT" });
    });

    describe("bad input fails the task with what to fix", () => {
      it("a file without a column the model reads names the column", async () => {
        const path = join(project.dir, "no-plan.csv");
        await writeFile(path, "customer_id,tenure,charges\nc1,3,40\n");
        const { run, task } = await score({ modelUri: `models:/${prefix}-churn/1`, path });
        assert.equal(run.status, "failed");
        assert.match(task.error ?? "", /no-plan\.csv has no column "plan", which the model reads/);
      });

      it("an id column the file lacks is named", async () => {
        const { run, task } = await score({ modelUri: `models:/${prefix}-churn/1`, path: join(project.dir, "score.csv"), idColumn: "account" });
        assert.equal(run.status, "failed");
        assert.match(task.error ?? "", /score\.csv has no column "account", the id column \(its columns are: "customer_id", "tenure"/);
      });

      it("an unknown model version", async () => {
        const { run, task } = await score({ modelUri: `models:/${prefix}-churn@nobody`, path: join(project.dir, "score.csv") });
        assert.equal(run.status, "failed");
        assert.match(task.error ?? "", /no registered model version models:\/bp-\w+-churn@nobody/);
      });

      it("text in a number column names its line", async () => {
        const path = join(project.dir, "text.csv");
        await writeFile(path, "customer_id,tenure,charges,plan\nc1,3,40,basic\nc2,three,40,basic\n");
        const { run, task } = await score({ modelUri: `models:/${prefix}-churn/1`, path, batchRows: 1 });
        assert.equal(run.status, "failed");
        assert.match(task.error ?? "", /text\.csv, line 3 \(data row 2\), column "tenure": "three" is not a number/);
      });

      it("a Parquet column of text where the model reads numbers names the column", async () => {
        const path = join(project.dir, "text.parquet");
        await writeParquet(
          createTable([
            { name: "tenure", type: "string", values: ["3", "three"] },
            { name: "charges", type: "number", values: Float64Array.of(40, 41) },
            { name: "plan", type: "string", values: ["basic", "pro"] },
          ]),
          path,
        );
        const { run, task } = await score({ modelUri: `models:/${prefix}-churn/1`, path });
        assert.equal(run.status, "failed");
        assert.match(task.error ?? "", /column "tenure" of .*text\.parquet holds text, but the model was trained on numbers in it/);
      });

      it("an id column named like a prediction column", async () => {
        const path = join(project.dir, "clash.csv");
        await writeFile(path, "prediction,tenure,charges,plan\nc1,3,40,basic\n");
        const { run, task } = await score({ modelUri: `models:/${prefix}-churn/1`, path, idColumn: "prediction" });
        assert.equal(run.status, "failed");
        assert.match(task.error ?? "", /the id column "prediction" has the name of a prediction column/);
      });

      it("neither a model nor a model reference", async () => {
        const { run, task } = await score({ path: join(project.dir, "score.csv") });
        assert.equal(run.status, "failed");
        assert.match(task.error ?? "", /batchPredict was given no model/);
      });
    });
  });
}
