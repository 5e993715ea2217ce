/**
 * Type tests: each `@ts-expect-error` line must be a compile error, checked by `tsc --noEmit`
 * in `npm test`. If a line stops being an error, tsc reports the unused directive.
 */
import {
  Artifact,
  component,
  crossValidateModel,
  Dataset,
  forEach,
  listOf,
  Metrics,
  Model,
  optional,
  param,
  parameterCandidates,
  pipeline,
  trainModel,
  tuneModel,
  when,
} from "../../src/index.ts";

const ingest = component({
  name: "ingest",
  inputs: { path: param.string() },
  outputs: { data: Dataset, rows: param.int() },
  run: async ({ path, data }) => {
    await data.writeText(path);
    return { rows: 1 };
  },
});

const train = component({
  name: "train",
  inputs: { data: Dataset, trees: param.int({ default: 100, min: 1 }) },
  outputs: { model: Model, metrics: Metrics, accuracy: param.number() },
  run: async ({ data, trees, model, metrics }) => {
    const text: string = await data.text();
    await model.writeJson({ trees, text });
    await metrics.writeJson({});
    return { accuracy: 1 };
  },
});

const pick = component({
  name: "pick",
  inputs: { models: listOf(Model), scores: param.list(param.number()) },
  outputs: { best: param.int() },
  run: ({ models, scores }) => ({ best: models.length + scores.length }),
});

/** An input of the generic Artifact type accepts any artifact. */
const archive = component({
  name: "archive",
  inputs: { file: Artifact() },
  run: async ({ file }) => {
    await file.bytes();
  },
});

/** An optional artifact input may be left out; run receives it as possibly undefined. */
const compare = component({
  name: "compare",
  inputs: { model: Model, champion: optional(Model) },
  run: async ({ model, champion }) => {
    // @ts-expect-error an optional input may be undefined
    await champion.json();
    await Promise.all([model.json(), champion?.json()]);
  },
});

/** A structured parameter whose parts a call may give as references. */
const gate = component({
  name: "gate",
  inputs: { min: param.json<Record<string, number>>({ default: {} }), names: param.list(param.string(), { default: [] }) },
  run: ({ min, names }) => {
    void [min, names];
  },
});

const bad = component({
  name: "bad",
  inputs: {},
  outputs: { flag: param.boolean() },
  // @ts-expect-error run must return the declared output parameters with their types
  run: () => ({ flag: "yes" }),
});

export default pipeline({ name: "wiring", params: { path: param.string({ default: "x.csv" }), min: param.number() } }, (p) => {
  const raw = ingest({ path: p.path });
  const fit = train({ data: raw.outputs.data });
  // @ts-expect-error an artifact of the wrong type: Metrics where a Dataset is expected
  train({ data: fit.outputs.metrics });
  // @ts-expect-error a parameter of the wrong type: a string for an int
  train({ data: raw.outputs.data, trees: "many" });
  // @ts-expect-error a parameter reference of the wrong type: a string param for an int
  train({ data: raw.outputs.data, trees: p.path });
  // @ts-expect-error a missing required input
  train({ trees: 3 });
  // @ts-expect-error an unknown input name
  train({ data: raw.outputs.data, tres: 3 });
  // @ts-expect-error an output that does not exist
  fit.outputs.modle;
  // @ts-expect-error gt() compares numbers only
  when(p.path.gt(1), () => {});
  when(fit.outputs.accuracy.gte(p.min), () => {
    train({ data: raw.outputs.data, trees: raw.outputs.rows });
  });
  const sweep = forEach([10, 50, 100], (trees) => {
    const t = train({ data: raw.outputs.data, trees });
    return { model: t.outputs.model, accuracy: t.outputs.accuracy };
  });
  pick({ models: sweep.model, scores: sweep.accuracy });
  const grid = forEach([{ trees: 10, tag: "small" }], (config) => {
    train({ data: raw.outputs.data, trees: config.get("trees") });
    // @ts-expect-error a field of the wrong type: the string field "tag" for an int
    train({ data: raw.outputs.data, trees: config.get("tag") });
    // @ts-expect-error a field the items do not have
    config.get("depth");
  });
  void grid;
  forEach([p.min, 5, fit.outputs.accuracy], (threshold) => {
    gate({ min: { accuracy: threshold } });
    // @ts-expect-error the items are numbers, not strings
    gate({ names: [threshold] });
  });
  archive({ file: fit.outputs.model });
  archive({ file: raw.outputs.data });
  // @ts-expect-error a parameter where an artifact is expected
  archive({ file: p.path });
  // @ts-expect-error a single artifact where a collected list is expected
  pick({ models: fit.outputs.model, scores: sweep.accuracy });
  compare({ model: fit.outputs.model });
  compare({ model: fit.outputs.model, champion: fit.outputs.model });
  // @ts-expect-error an optional input still checks its artifact type
  compare({ model: fit.outputs.model, champion: raw.outputs.data });
  // @ts-expect-error a required artifact input stays required
  compare({ champion: fit.outputs.model });
  gate({ min: { accuracy: p.min, f1: 0.5 }, names: [p.path, "fixed"] });
  gate({ min: { accuracy: fit.outputs.accuracy } });
  // @ts-expect-error a reference of the wrong type inside an object: a string where numbers go
  gate({ min: { accuracy: p.path } });
  // @ts-expect-error a reference of the wrong type inside a list: a number where strings go
  gate({ names: [p.min] });
  void bad;
});

/** trainModel and crossValidateModel type `params` by the model `kind` names. */
export const modelParams = pipeline(
  { name: "model-params", params: { kind: param.enum(["knn", "ridge"]), k: param.int({ default: 5 }) } },
  (p) => {
    const data = ingest({ path: "x.csv" }).outputs.data;
    const common = { data, target: "y" };
    trainModel({ ...common, kind: "logistic-regression", params: { C: 0.5, maxIterations: 50 } });
    // @ts-expect-error logistic-regression has no parameter "c"
    trainModel({ ...common, kind: "logistic-regression", params: { c: 0.5 } });
    trainModel({ ...common, kind: "linear-regression", params: {} });
    // @ts-expect-error linear-regression takes no parameters
    trainModel({ ...common, kind: "linear-regression", params: { alpha: 1 } });
    trainModel({ ...common, kind: "ridge", params: { alpha: 2 } });
    // @ts-expect-error ridge has no parameter "alpa"
    trainModel({ ...common, kind: "ridge", params: { alpa: 2 } });
    trainModel({ ...common, kind: "knn", params: { k: p.k } });
    // @ts-expect-error knn has no parameter "K"
    trainModel({ ...common, kind: "knn", params: { K: 3 } });
    trainModel({ ...common, kind: "decision-tree", params: { maxDepth: 4, maxFeatures: "sqrt" } });
    // @ts-expect-error decision-tree has no parameter "maxDeph"
    trainModel({ ...common, kind: "decision-tree", params: { maxDeph: 4 } });
    // @ts-expect-error maxFeatures is a number, "sqrt" or "log2"
    trainModel({ ...common, kind: "decision-tree", params: { maxFeatures: "half" } });
    trainModel({ ...common, kind: "random-forest", params: { nEstimators: 50, threads: 1 } });
    // @ts-expect-error random-forest has no parameter "nEstimator"
    trainModel({ ...common, kind: "random-forest", params: { nEstimator: 50 } });
    // @ts-expect-error nEstimators is a number
    trainModel({ ...common, kind: "random-forest", params: { nEstimators: "50" } });
    trainModel({ ...common, kind: "hist-gradient-boosting", params: { learningRate: 0.05, earlyStopping: "auto" } });
    // @ts-expect-error hist-gradient-boosting has no parameter "nEstimators"
    trainModel({ ...common, kind: "hist-gradient-boosting", params: { nEstimators: 50 } });
    // @ts-expect-error earlyStopping is true, false or "auto"
    trainModel({ ...common, kind: "hist-gradient-boosting", params: { earlyStopping: "yes" } });
    // A kind chosen by a pipeline parameter takes the parameters of either family.
    trainModel({ ...common, kind: p.kind, params: { k: 3 } });
    // @ts-expect-error neither knn nor ridge has "depth"
    trainModel({ ...common, kind: p.kind, params: { depth: 3 } });
    // Parameters chosen at run time (a tuning output) are checked when the task starts.
    const grid = parameterCandidates({ kind: "knn", space: { k: [3, 5] } });
    forEach(grid.outputs.candidates, (candidate) => {
      crossValidateModel({ ...common, kind: "knn", params: candidate });
    });
    // @ts-expect-error crossValidateModel types params as trainModel does
    crossValidateModel({ ...common, kind: "random-forest", params: { nEstimator: 50 } });
    tuneModel({ ...common, kind: "random-forest", space: { nEstimators: [50, 100], maxFeatures: ["sqrt", 0.5] } });
    tuneModel({ ...common, kind: "ridge", search: "random", space: { alpha: { logUniform: [0.001, 10] } } });
    // @ts-expect-error a tuning space names the family's parameters: random-forest has no "nEstimator"
    tuneModel({ ...common, kind: "random-forest", space: { nEstimator: [50, 100] } });
    // @ts-expect-error the values to try have the parameter's type
    tuneModel({ ...common, kind: "knn", space: { k: ["three"] } });
    // @ts-expect-error parameterCandidates types its space as tuneModel does
    parameterCandidates({ kind: "decision-tree", space: { maxDeph: [3, 5] } });
  },
);
