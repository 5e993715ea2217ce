/**
 * Regression on the diabetes data (disease progression one year on, from ten baseline
 * measurements): validate → ridge regression with its alpha chosen by 5-fold cross-validation
 * inside one task → evaluate on held-out rows → gate on R² and RMSE.
 * Run it with `node bin/conveyor.js run examples/diabetes/pipeline.ts`.
 */
import { evaluateModel, gateModel, ingestCsv, param, pipeline, splitData, tuneModel, validateData } from "conveyor";

const target = "target";
const features = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"];

export default pipeline(
  {
    name: "diabetes",
    description: "Predict diabetes progression with a tuned ridge regression, gated on held-out R²",
    params: {
      path: param.string({ default: "data/diabetes.csv", description: "the CSV to train on" }),
      min: param.json<Record<string, number>>({ default: { r2: 0.4 }, description: "the lowest held-out scores" }),
      max: param.json<Record<string, number>>({ default: { rmse: 65 }, description: "the highest held-out errors" }),
    },
  },
  (p) => {
    const raw = ingestCsv({ path: p.path });
    const checked = validateData({
      data: raw.outputs.data,
      expectations: [
        { kind: "schema", columns: Object.fromEntries([...features, target].map((name) => [name, "number"])) },
        ...[...features, target].map((column) => ({ kind: "notNull", column })),
        // The features are mean-centred and scaled; the target is a disease score.
        ...features.map((column) => ({ kind: "range", column, min: -1, max: 1 })),
        { kind: "range", column: target, min: 0, max: 400 },
        { kind: "rowCount", min: 100 },
      ],
    });
    // A regression target cannot be stratified: split at random.
    const split = splitData({ data: raw.outputs.data, target, stratify: false, seed: 42 }).after(checked);
    const tuned = tuneModel({
      data: split.outputs.train,
      target,
      kind: "ridge",
      space: { alpha: [0.001, 0.01, 0.1, 1, 10] },
      scoring: "neg_root_mean_squared_error",
    });
    evaluateModel({ model: tuned.outputs.model, data: split.outputs.test });
    gateModel({ model: tuned.outputs.model, data: split.outputs.test, min: p.min, max: p.max });
  },
);
