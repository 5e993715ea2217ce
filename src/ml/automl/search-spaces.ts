import type { ModelFamily } from "../models/model-families.ts";
import type { ModelTask } from "../models/model-kinds.ts";
import type { ParamSpace } from "../tuning/parameter-sampler.ts";

/**
 * Where AutoML draws each family's parameters from, around the defaults (which it always tries
 * first): scales on log ranges, counts on whole-number ranges, after the ranges FLAML's
 * default search spaces use. An empty space: the family is tried with its defaults only.
 */
export const searchSpaces: Readonly<Record<ModelFamily, ParamSpace>> = {
  "logistic-regression": { C: { logUniform: [0.01, 100] } },
  "linear-regression": {},
  ridge: { alpha: { logUniform: [0.001, 100] } },
  knn: { k: { integers: [1, 30] } },
  "decision-tree": { maxDepth: { integers: [2, 20] }, minSamplesLeaf: { integers: [1, 20] } },
  "random-forest": {
    nEstimators: { integers: [20, 200] },
    maxFeatures: ["sqrt", "log2", 0.5, 1],
    minSamplesLeaf: { integers: [1, 10] },
  },
  "hist-gradient-boosting": {
    learningRate: { logUniform: [0.02, 0.5] },
    maxIter: { integers: [50, 300] },
    maxLeafNodes: { integers: [4, 64] },
    minSamplesLeaf: { integers: [2, 50] },
    l2Regularization: { uniform: [0, 1] },
  },
};

/** The families AutoML tries for a task, in the order their defaults are tried. */
export const familiesFor: Readonly<Record<ModelTask, readonly ModelFamily[]>> = {
  classification: ["logistic-regression", "knn", "decision-tree", "random-forest", "hist-gradient-boosting"],
  regression: ["linear-regression", "ridge", "knn", "decision-tree", "random-forest", "hist-gradient-boosting"],
};
