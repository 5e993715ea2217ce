import type { ModelFamily } from "./model-families.ts";

/**
 * One model parameter as a pipeline gives it: its JSON type and what it does. The one place
 * parameters are listed: model kinds accept these names, `trainModel`'s `params` is typed from
 * them, and `npm run gen:model-params` writes the README's table from them.
 */
export type ParamDef =
  | { readonly type: "number"; readonly description: string }
  | { readonly type: "numberOr"; readonly choices: readonly string[]; readonly description: string }
  | { readonly type: "booleanOr"; readonly choices: readonly string[]; readonly description: string };

const number = (description: string) => ({ type: "number", description }) as const;

const treeParams = {
  maxDepth: number("deepest level a tree may reach (default: no limit)"),
  minSamplesLeaf: number("fewest training rows in a leaf (default 1)"),
  maxFeatures: {
    type: "numberOr",
    choices: ["sqrt", "log2"],
    description:
      'candidate features per split: "sqrt" or "log2" of the feature count, or a fraction in (0, 1] of it (default: all; "sqrt" for a classification forest)',
  },
  maxBins: number("bins per feature, quantile-binned above it (default: none, a split between any two values)"),
  seed: number("seed of all randomness (default: the component's seed)"),
} as const;

const forestParams = {
  ...treeParams,
  nEstimators: number("trees in the forest (default 100)"),
  threads: number("threads growing trees; 1 grows them on the task's thread (default: all cores)"),
} as const;

const boostingParams = {
  learningRate: number("shrinkage of every leaf value (default 0.1)"),
  maxIter: number("boosting iterations, at most (default 100)"),
  maxLeafNodes: number("leaves per tree, at most (default 31)"),
  minSamplesLeaf: number("fewest training rows in a leaf (default 20)"),
  l2Regularization: number("L2 penalty on leaf values (default 0)"),
  maxBins: number("bins per feature, at most 255 (default 255)"),
  earlyStopping: {
    type: "booleanOr",
    choices: ["auto"],
    description: 'stop when the held-out loss stops improving; "auto" (default): on above 10,000 rows',
  },
  validationFraction: number("share of rows held out for early stopping (default 0.1)"),
  nIterNoChange: number("iterations without improvement before stopping (default 10)"),
  tol: number("the improvement that counts (default 1e-7)"),
  seed: number("seed of the held-out split (default: the component's seed)"),
} as const;

export const familyParams = {
  "logistic-regression": {
    C: number("inverse L2 strength, as scikit-learn's C (default 1)"),
    maxIterations: number("Newton iterations, at most (default 100)"),
  },
  "linear-regression": {},
  ridge: { alpha: number("L2 strength, as scikit-learn's Ridge(alpha) (default 1)") },
  knn: { k: number("how many neighbours vote or are averaged (default 5)") },
  "decision-tree": treeParams,
  "random-forest": forestParams,
  "hist-gradient-boosting": boostingParams,
} as const satisfies Record<ModelFamily, Readonly<Record<string, ParamDef>>>;

type ValueOf<D> = D extends { type: "numberOr"; choices: readonly (infer C)[] }
  ? number | C
  : D extends { type: "booleanOr"; choices: readonly (infer C)[] }
    ? boolean | C
    : number;

/**
 * The parameters a family takes, each optional, typed: `{ nEstimators?: number; ... }`. A family
 * without any takes only `{}` (an empty object type would take any object).
 */
export type FamilyParams<F extends ModelFamily> = F extends unknown
  ? [keyof (typeof familyParams)[F]] extends [never]
    ? Record<string, never>
    : { -readonly [K in keyof (typeof familyParams)[F]]?: ValueOf<(typeof familyParams)[F][K]> }
  : never;

/** The parameter names of a family, for the model kinds it holds. */
export function paramNames(family: ModelFamily): readonly string[] {
  return Object.keys(familyParams[family]);
}
