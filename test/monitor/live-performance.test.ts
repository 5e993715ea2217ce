/** Live performance: src/ml/metrics' values on the window's labels, each against the registry's, losses read in their direction. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { accuracy } from "../../src/ml/metrics/classification.ts";
import { meanAbsoluteError, r2, rootMeanSquaredError } from "../../src/ml/metrics/regression.ts";
import { measurePerformance } from "../../src/ml/monitoring/live-performance.ts";

describe("live performance", () => {
  const truth = Float64Array.from({ length: 40 }, (_, i) => i);
  const predicted = truth.map((v, i) => v + (i % 2 === 0 ? 1.5 : -0.5));

  it("measures a regressor with RMSE, MAE and R², a rise in an error counting as a drop", () => {
    const report = measurePerformance(
      { task: "regression", labels: { name: "label", type: "number", values: truth }, predictions: { name: "prediction", type: "number", values: predicted } },
      { baseline: { "evaluate-model.rmse": 0.5, "train.mae": 1, r2: 0.999 }, maxDrop: 0.1 },
    );
    const byName = Object.fromEntries(report.metrics.map((m) => [m.name, m]));
    assert.equal(byName.rmse?.value, rootMeanSquaredError(truth, predicted));
    assert.equal(byName.mae?.value, meanAbsoluteError(truth, predicted));
    assert.equal(byName.r2?.value, r2(truth, predicted));
    assert.deepEqual([byName.rmse?.baselineName, byName.rmse?.dropped], ["evaluate-model.rmse", true]);
    assert.deepEqual([byName.mae?.baselineName, byName.mae?.dropped], ["train.mae", false]);
    assert.equal(report.dropped, true);
  });

  it("matches labels to classes by value, counts labels that name no class, and needs enough labelled rows", () => {
    const labels = ["1", "0", "1.0", "2", "7", ...Array.from({ length: 35 }, (_, i) => String(i % 3))];
    const predictions = Array.from({ length: 40 }, (_, i) => String(i % 3));
    const report = measurePerformance(
      { task: "classification", classes: [0, 1, 2], labels: { name: "label", type: "string", values: labels }, predictions: { name: "prediction", type: "string", values: predictions } },
      { baseline: { accuracy: 0.9 }, metrics: ["accuracy"], minLabels: 30 },
    );
    assert.equal(report.unknownLabels, 1, "the label 7");
    assert.equal(report.rows, 39);
    const kept = labels.map(Number).filter((_, i) => i !== 4);
    const keptPredictions = predictions.map(Number).filter((_, i) => i !== 4);
    assert.equal(report.metrics[0]?.value, accuracy(kept, keptPredictions));
    const few = measurePerformance({ task: "classification", classes: [0, 1], labels: { name: "label", type: "number", values: new Float64Array([0, 1]) }, predictions: { name: "p", type: "number", values: new Float64Array([0, 1]) } });
    assert.deepEqual([few.status, few.dropped, few.reason], ["notJudged", false, "2 labelled rows, fewer than the minimum of 30"]);
  });
});
