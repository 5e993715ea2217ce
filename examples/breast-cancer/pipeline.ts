/**
 * The demo pipeline: a breast cancer classifier from CSV to a gated model. Run it with
 * `node bin/conveyor.js run examples/breast-cancer/pipeline.ts --param minAccuracy=0.95`.
 */
import {
  checkModel,
  evaluateClassifier,
  ingestCsv,
  param,
  pipeline,
  splitData,
  trainLogisticRegression,
  validateData,
} from "conveyor";

const target = "target";
// Ten measurements of the cell nuclei, each as its mean, standard error and worst value.
const measurements = [
  "radius", "texture", "perimeter", "area", "smoothness",
  "compactness", "concavity", "concave points", "symmetry", "fractal dimension",
];
const features = measurements.flatMap((m) => [`mean ${m}`, `${m} error`, `worst ${m}`]);
const columns = [...features, target];

export default pipeline(
  {
    name: "breast-cancer",
    description: "Train and gate a logistic regression on the Wisconsin breast cancer data",
    params: {
      path: param.string({ default: "data/breast_cancer.csv", description: "the CSV to train on" }),
      minAccuracy: param.number({ default: 0.9, min: 0, max: 1, description: "the gate on held-out accuracy" }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const checked = validateData({
      data: raw.outputs.data,
      expectations: [
        { kind: "schema", columns: Object.fromEntries(columns.map((name) => [name, "number"])) },
        ...columns.map((column) => ({ kind: "notNull", column })),
        { kind: "range", column: target, min: 0, max: 1 },
        { kind: "rowCount", min: 100, max: 100_000 },
      ],
    });
    // Validation passes nothing on, so the split waits for it explicitly: bad data halts here.
    const split = splitData({ data: raw.outputs.data, target, seed: 42, stratify: true }).after(checked);
    const fit = trainLogisticRegression({ data: split.outputs.train, target });
    const evaluation = evaluateClassifier({ model: fit.outputs.model, data: split.outputs.test, target });
    checkModel({ accuracy: evaluation.outputs.accuracy, minAccuracy: p.minAccuracy });
  },
);
