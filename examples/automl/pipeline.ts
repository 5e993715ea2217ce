/**
 * AutoML in a pipeline: wine data → split → autoML chooses the features, the model kind and its
 * parameters within a budget of 8 candidates → the usual gate on held-out accuracy → register
 * as `models:/wine-automl@champion`. Run it with `node bin/conveyor.js run examples/automl/pipeline.ts`,
 * then `node bin/conveyor.js models show wine-automl`.
 */
import { autoML, evaluateModel, gateModel, ingestCsv, param, pipeline, registerModel, splitData } from "conveyor";

export default pipeline(
  {
    name: "wine-automl",
    description: "Classify wines with whatever model AutoML finds best, gated on held-out accuracy",
    params: {
      path: param.string({ default: "data/wine.csv", description: "the CSV to train on" }),
      trials: param.int({ default: 8, min: 1, description: "candidates AutoML tries" }),
      min: param.json<Record<string, number>>({ default: { accuracy: 0.9 }, description: "the lowest held-out scores the model may have" }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const split = splitData({ data: raw.outputs.data, target: "target", testFraction: 0.2, seed: 7 });
    // A trial budget (no time limit) makes the search, and so the model, the same on every run.
    const found = autoML({ data: split.outputs.train, target: "target", task: "classification", trials: p.trials, seed: 7 });
    evaluateModel({ model: found.outputs.model, data: split.outputs.test });
    const gate = gateModel({ model: found.outputs.model, data: split.outputs.test, min: p.min });
    registerModel({
      model: found.outputs.model,
      data: split.outputs.test,
      name: "wine-automl",
      alias: "champion",
      onlyIfBetter: true,
      metric: "accuracy",
    }).after(gate);
  },
);
