/**
 * Customer churn, as a team would build it: data with missing values and categories →
 * profile and validate → histogram gradient boosting tuned by grid search on ROC AUC, one
 * task per candidate (a forEach fan-out, each candidate cached on its own) and a fan-in that
 * picks the best → retrain on all training rows → evaluate on held-out rows → gate.
 * Run it with `node bin/conveyor.js run examples/churn/pipeline.ts`.
 */
import {
  crossValidateModel,
  evaluateModel,
  forEach,
  gateModel,
  parameterCandidates,
  param,
  pipeline,
  profileData,
  selectBest,
  splitData,
  trainModel,
  validateData,
} from "conveyor";
import { generateChurnData } from "./generate-churn.ts";

const target = "churned";
// customer_id identifies a row and predicts nothing: leave it out of the features.
const features = [
  "tenure_months",
  "monthly_charges",
  "total_charges",
  "support_calls",
  "senior",
  "contract",
  "internet",
  "payment",
];

export default pipeline(
  {
    name: "churn",
    description: "Predict churn with tuned gradient boosting, gated on held-out ROC AUC",
    params: {
      rows: param.int({ default: 3000, min: 100, description: "customers to generate" }),
      grid: param.json<Record<string, (number | string | boolean)[]>>({
        default: { learningRate: [0.05, 0.1], maxLeafNodes: [7, 31], maxIter: [100] },
        description: "the gradient boosting parameters to search",
      }),
      min: param.json<Record<string, number>>({
        default: { rocAuc: 0.75 },
        description: "the lowest held-out scores the model may have",
      }),
    },
  },
  (p) => {
    const raw = generateChurnData({ rows: p.rows, seed: 7 });
    profileData({ data: raw.outputs.data });
    const checked = validateData({
      data: raw.outputs.data,
      expectations: [
        { kind: "unique", column: "customer_id" },
        { kind: "notNull", column: target },
        { kind: "inSet", column: target, values: ["no", "yes"] },
        // A few missing values are expected (preprocessing imputes them); many would not be.
        ...features.map((column) => ({ kind: "notNull", column, mostly: 0.9 })),
        { kind: "inSet", column: "contract", values: ["month-to-month", "one-year", "two-year"] },
        { kind: "range", column: "monthly_charges", min: 0, max: 200 },
      ],
    });
    const split = splitData({ data: raw.outputs.data, target, seed: 42 }).after(checked);
    const model = { target, kind: "hist-gradient-boosting", task: "classification", features, seed: 0 } as const;

    const grid = parameterCandidates({ kind: "hist-gradient-boosting", space: p.grid });
    const search = forEach(
      grid.outputs.candidates,
      (candidate) => {
        const cv = crossValidateModel({ data: split.outputs.train, ...model, params: candidate, folds: 5, scoring: "roc_auc" });
        return { score: cv.outputs.score, params: cv.outputs.params };
      },
      { name: "grid-search", parallelism: 4 },
    );
    const best = selectBest({ scores: search.score, candidates: search.params });

    const fit = trainModel({ data: split.outputs.train, ...model, params: best.outputs.params });
    evaluateModel({ model: fit.outputs.model, data: split.outputs.test });
    gateModel({ model: fit.outputs.model, data: split.outputs.test, min: p.min });
  },
);
