/** examples/batch-predict: train → register as champion → score new customers with the champion, by reference. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import scoring from "../../examples/batch-predict/pipeline.ts";
import { readParquet } from "../../src/ml/io/parquet.ts";
import { type TestProject, testProject } from "../helpers/project.ts";

let project: TestProject;
before(async () => {
  project = await testProject();
});
after(() => project.cleanup());

test("the batch-predict example scores every new customer with the champion, and its lineage names the version", async () => {
  const { run, tasks } = await project.run(scoring, { customers: 5000 });
  assert.equal(run.status, "succeeded", run.error ?? "");
  const task = tasks["batch-predict"]!;
  assert.deepEqual(task.outputs, { rows: 5000, modelVersion: "models:/churn-scorer/1" });
  const lineage = await project.store.taskLineage(task.id);
  assert.ok(lineage.some((e) => e.kind === "input" && e.name === "models:/churn-scorer/1"), "the model version read is an input");
  const predictions = lineage.find((e) => e.kind === "output" && e.name === "predictions");
  const table = await readParquet(project.artifacts.localPath(predictions!.artifact.uri));
  assert.deepEqual(table.columns.map((c) => c.name), ["customer_id", "prediction", "probability_no", "probability_yes"]);
  assert.equal(table.rowCount, 5000);
  assert.equal(table.columns[0]!.values[0], "C00001");
});
