/**
 * CI steps "train" and "gate": a logistic regression on a split chosen by `seed` (CI passes its
 * run number, so each delivery trains a new version), gated on held-out accuracy, then
 * registered as `models:/iris@candidate`. A failed gate halts the run before registering, and
 * `conveyor run` exits non-zero.
 */
import { gateModel, ingestCsv, param, pipeline, registerModel, splitData, trainModel } from "conveyor";
import { TARGET } from "./columns.ts";

export default pipeline(
  {
    name: "iris-train",
    params: {
      path: param.string({ default: "data/iris.csv", description: "the data to train on" }),
      seed: param.int({ default: 1, description: "the train/test split's seed" }),
      minAccuracy: param.number({ default: 0.8, description: "the lowest held-out accuracy that passes the gate" }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const split = splitData({ data: raw.outputs.data, target: TARGET, testFraction: 0.3, seed: p.seed });
    const fit = trainModel({ data: split.outputs.train, target: TARGET, kind: "logistic-regression", task: "classification" });
    const gate = gateModel({ model: fit.outputs.model, data: split.outputs.test, min: { accuracy: p.minAccuracy } });
    registerModel({ model: fit.outputs.model, data: split.outputs.test, name: "iris", alias: "candidate" }).after(gate);
  },
);
