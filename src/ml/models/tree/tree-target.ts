/**
 * What a CART tree learns: class indices 0..classCount-1 (Gini impurity) or real values
 * (squared error). Typed arrays, so a forest can hand them to worker threads in shared memory.
 */
export type TreeTarget =
  | {
      readonly kind: "classification";
      readonly classIndex: Int32Array;
      readonly classCount: number;
    }
  | { readonly kind: "regression"; readonly y: Float64Array };

/** How a CART tree may grow, as scikit-learn's DecisionTree parameters of the same names. */
export interface DecisionTreeParams {
  /** Infinity for no limit. */
  readonly maxDepth: number;
  readonly minSamplesLeaf: number;
  /** Features drawn (without replacement) as split candidates at each node. */
  readonly maxFeatures: number;
}
