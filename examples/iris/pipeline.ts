/**
 * The Kubeflow tutorial's classic, typed: iris data → validate → random forest → gate on a
 * minimum held-out accuracy → register as `models:/iris@champion` when it beats the champion.
 * Run it with `node bin/conveyor.js run examples/iris/pipeline.ts -p 'min={"accuracy":0.93}'`,
 * then `node bin/conveyor.js models show iris`.
 */
import { evaluateModel, gateModel, ingestCsv, param, pipeline, registerModel, splitData, trainModel, validateData } from "conveyor";

const target = "target";
const features = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];

export default pipeline(
  {
    name: "iris",
    description: "Classify iris species with a random forest, gated on held-out accuracy",
    params: {
      path: param.string({ default: "data/iris.csv", description: "the CSV to train on" }),
      min: param.json<Record<string, number>>({
        default: { accuracy: 0.9 },
        description: "the lowest held-out scores the model may have",
      }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const checked = validateData({
      data: raw.outputs.data,
      expectations: [
        { kind: "schema", columns: Object.fromEntries([...features, target].map((name) => [name, "number"])) },
        ...features.map((column) => ({ kind: "range", column, min: 0, max: 10 })),
        { kind: "notNull", column: target },
        { kind: "inSet", column: target, values: [0, 1, 2] },
        { kind: "rowCount", min: 100 },
      ],
    });
    // Validation passes nothing on, so the split waits for it explicitly: bad data halts here.
    const split = splitData({ data: raw.outputs.data, target, testFraction: 0.2, seed: 42 }).after(checked);
    // The species are numbered 0, 1, 2: classes, not amounts, which only the pipeline can say.
    const fit = trainModel({
      data: split.outputs.train,
      target,
      kind: "random-forest",
      task: "classification",
      params: { nEstimators: 100 },
    });
    evaluateModel({ model: fit.outputs.model, data: split.outputs.test });
    const gate = gateModel({ model: fit.outputs.model, data: split.outputs.test, min: p.min });
    // A failed gate halts here too. The champion moves only to a model at least as good on the same rows.
    registerModel({
      model: fit.outputs.model,
      data: split.outputs.test,
      name: "iris",
      alias: "champion",
      onlyIfBetter: true,
      metric: "accuracy",
    }).after(gate);
  },
);
