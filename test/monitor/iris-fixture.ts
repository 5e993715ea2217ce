/**
 * An iris classifier trained by a pipeline (so its lineage names its training data), evaluated
 * on registration (so the registry holds its metrics), registered as champion and deployed as "iris-prod"; and
 * a model server over the deployment writing the prediction log, to send windows of rows to.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ingestCsv, pipeline, registerModel, trainModel } from "../../src/index.ts";
import { readCsvFile } from "../../src/ml/dataset-file.ts";
import type { Table } from "../../src/ml/table.ts";
import { createDeployment } from "../../src/serve/deployment-actions.ts";
import { openServeLogs, type ServeLogs } from "../../src/serve/prediction-log/serve-logs.ts";
import { openDeployments } from "../../src/serve/serve-targets.ts";
import { silentLog } from "../../src/serve/serve-log.ts";
import type { ModelServer } from "../../src/serve/server.ts";
import { REPO_ROOT, type TestProject } from "../helpers/project.ts";
import { post, serve } from "../serve/serving-fixtures.ts";

export const IRIS = join(REPO_ROOT, "data/iris.csv");
export const FEATURES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];

const training = pipeline({ name: "iris-monitored" }, () => {
  const raw = ingestCsv({ path: IRIS });
  const fit = trainModel({ data: raw.outputs.data, target: "target", kind: "logistic-regression", task: "classification" });
  // Given data, registration evaluates the model on it and records the scores with the version.
  registerModel({ model: fit.outputs.model, data: raw.outputs.data, name: "iris", alias: "champion" });
});

/** Trains, registers and deploys the champion as "iris-prod". */
export async function deployIris(project: TestProject): Promise<void> {
  const { run } = await project.run(training);
  assert.equal(run.status, "succeeded", run.error ?? "");
  await createDeployment(project.store, { name: "iris-prod", model: "iris@champion" }, { actor: "test" });
}

export interface ServedIris {
  server: ModelServer;
  logs: ServeLogs;
  url: string;
  /** Sends rows (by index into iris.csv, each feature moved by `shift`) in requests of 10, ids `<prefix>-<n>`. */
  send(prefix: string, rows: number[], shift?: number[]): Promise<void>;
  /** Posts labels for the rows sent with `prefix`: each row's true class, moved by `offset` (mod 3). */
  label(prefix: string, rows: number[], offset?: number): Promise<void>;
  close(): Promise<void>;
}

export async function serveIris(project: TestProject): Promise<ServedIris> {
  const iris: Table = await readCsvFile(IRIS);
  const values = (name: string) => iris.columns.find((c) => c.name === name)!.values as Float64Array;
  const logs = await openServeLogs({ store: project.store, root: project.dir, flushIntervalMs: 50 });
  const endpoints = await openDeployments(["iris-prod"], { source: { store: project.store, artifacts: project.artifacts }, pollMs: 50, log: silentLog });
  const { server, url } = await serve(project, { endpoints, predictionLog: logs.predictions, feedbackLog: logs.labels });
  const batches = (rows: number[]) => Array.from({ length: Math.ceil(rows.length / 10) }, (_, b) => rows.slice(b * 10, b * 10 + 10));
  return {
    server,
    logs,
    url,
    async send(prefix, rows, shift = [0, 0, 0, 0]) {
      for (const [b, batch] of batches(rows).entries()) {
        const inputs = FEATURES.map((name, f) => ({ name, shape: [batch.length], datatype: "FP64", data: batch.map((r) => values(name)[r]! + shift[f]!) }));
        const answer = await post(`${url}/v2/models/iris-prod/infer`, { id: `${prefix}-${b}`, inputs, outputs: [{ name: "predict" }, { name: "predict_proba" }] });
        assert.equal(answer.status, 200, answer.text);
      }
      await logs.predictions.flush();
    },
    async label(prefix, rows, offset = 0) {
      const target = values("target");
      const labels = batches(rows).flatMap((batch, b) => batch.map((r, row) => ({ id: `${prefix}-${b}`, row, label: (target[r]! + offset) % 3 })));
      const answer = await post(`${url}/v2/feedback`, labels);
      assert.equal(answer.status, 202, answer.text);
      await logs.labels.flush();
    },
    async close() {
      await server.close();
      await logs.close();
    },
  };
}
