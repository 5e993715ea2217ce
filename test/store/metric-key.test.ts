/** Reading a metric key against one run's metrics by task: bare names, task names with dots, ambiguity. */
import assert from "node:assert/strict";
import { it } from "node:test";
import { metricAddresses, pickMetric } from "../../src/store/metric-key.ts";
import { conveyorError } from "./expect-conveyor-error.ts";

const metrics = {
  evaluate: { accuracy: 0.9, "val.loss": 0.2 },
  "evaluate-2": { accuracy: 0.7 },
  "prep.clean": { rows: 120 },
};

it("reads a key as the bare name and as <task>.<name> split at each dot", () => {
  assert.deepEqual(metricAddresses("accuracy"), [{ name: "accuracy" }]);
  assert.deepEqual(metricAddresses("prep.clean.rows"), [
    { name: "prep.clean.rows" },
    { task: "prep", name: "clean.rows" },
    { task: "prep.clean", name: "rows" },
  ]);
  assert.deepEqual(metricAddresses(".x."), [{ name: ".x." }], "no empty task or name");
});

it("picks the one metric a key names, whatever dots the task or the metric name hold", () => {
  assert.deepEqual(pickMetric(metrics, "evaluate-2.accuracy"), { task: "evaluate-2", name: "accuracy", value: 0.7 });
  assert.deepEqual(pickMetric(metrics, "prep.clean.rows"), { task: "prep.clean", name: "rows", value: 120 });
  assert.deepEqual(pickMetric(metrics, "rows"), { task: "prep.clean", name: "rows", value: 120 });
  assert.deepEqual(pickMetric(metrics, "val.loss"), { task: "evaluate", name: "val.loss", value: 0.2 });
  assert.deepEqual(pickMetric(metrics, "evaluate.val.loss"), { task: "evaluate", name: "val.loss", value: 0.2 });
  assert.equal(pickMetric(metrics, "f1"), undefined);
});

it("refuses a bare name two tasks logged, listing both and saying what to write", () => {
  assert.throws(() => pickMetric(metrics, "accuracy"), conveyorError("ambiguous_metric", "metrics.accuracy", "metrics.evaluate.accuracy", "metrics.evaluate-2.accuracy"));
  assert.throws(() => pickMetric({ "train[0]": { loss: 1 }, "train[1]": { loss: 2 } }, "loss"), (e: Error & { hint?: string }) => {
    assert.match(e.hint ?? "", /write metrics\.`train\[0\]\.loss` or metrics\.`train\[1\]\.loss` instead of metrics\.loss/);
    return true;
  });
});
