/**
 * The demo pipeline: a breast cancer classifier from CSV to a gated model, built from the
 * toolkit's generic components. Run it with
 * `npx conveyor run examples/breast-cancer/pipeline.ts --param minAccuracy=0.95`.
 */
import { evaluateModel, gateModel, ingestCsv, param, pipeline, splitData, trainModel, validateData } from "conveyor";

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
      minAccuracy: param.number({ default: 0.9, min: 0, max: 1, description: "the lowest held-out accuracy the model may have" }),
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
    // The labels are 0 and 1, classes rather than amounts, which only the pipeline can say.
    const fit = trainModel({ data: split.outputs.train, target, kind: "logistic-regression", task: "classification" });
    evaluateModel({ model: fit.outputs.model, data: split.outputs.test });
    gateModel({ model: fit.outputs.model, data: split.outputs.test, min: { accuracy: p.minAccuracy } });
  },
);
