/**
 * The start of a continuous-training pipeline: compare fresh data with the champion's training
 * data, and only when it drifted train on the fresh data and register the result.
 */
import { checkDrift, ingestCsv, param, pipeline, registerModel, trainModel, when } from "../../src/index.ts";

export default pipeline({ name: "retrain-if-drifted", params: { fresh: param.string(), reference: param.string({ default: "data/iris.csv" }) } }, (p) => {
  const reference = ingestCsv({ path: p.reference });
  const fresh = ingestCsv({ path: p.fresh });
  const drift = checkDrift({ reference: reference.outputs.data, current: fresh.outputs.data, correction: "benjaminiHochberg" });
  when(drift.outputs.driftDetected, () => {
    const fit = trainModel({ data: fresh.outputs.data, target: "target", kind: "logistic-regression", task: "classification" });
    registerModel({ model: fit.outputs.model, data: fresh.outputs.data, name: "iris", alias: "challenger" });
  });
});
