import { createMatrix, type Matrix } from "../../matrix.ts";
import { randomSplit, stratifiedSplit } from "../../split.ts";
import { binFeatures } from "./binning.ts";
import type { BoostingLoss } from "./boosting-loss.ts";
import type { BoostingSettings } from "./boosting-options.ts";
import { shouldStop } from "./early-stopping.ts";
import { BoostingTreeGrower } from "./grow-boosting-tree.ts";
import { addTreeValues, type Tree } from "./tree.ts";

export interface BoostedTrees {
  /** Raw prediction before any tree, one per tree of an iteration. */
  readonly baseline: Float64Array;
  /** Iteration-major: tree k of iteration i is trees[i * treesPerIteration + k]. */
  readonly trees: Tree[];
}

/**
 * The boosting loop of scikit-learn's HistGradientBoosting: start from the baseline, then
 * each iteration fits one tree per class to the loss's gradients and hessians. With early
 * stopping, a validation share of the rows (stratified by class for classification) is held
 * out and scored after every iteration.
 */
export function fitBoosting(
  x: Matrix,
  y: Float64Array | Int32Array,
  loss: BoostingLoss,
  settings: BoostingSettings,
): BoostedTrees {
  const { train, validation } = holdOut(x, y, settings);
  const n = train.x.rows;
  const width = loss.treesPerIteration;
  const binned = binFeatures(train.x, settings.maxBins);
  const grower = new BoostingTreeGrower(binned, settings.tree);
  const baseline = loss.baseline(train.y);
  const raw = repeatRows(baseline, n);
  const gradients = new Float32Array(n * width);
  const hessians = new Float32Array(n * width);
  const held = validation && { ...validation, raw: repeatRows(baseline, validation.x.rows) };
  const scores = held ? [-loss.loss(held.y, held.raw)] : [];
  const trees: Tree[] = [];
  for (let iteration = 0; iteration < settings.maxIter; iteration++) {
    loss.fillGradients(train.y, raw, gradients, hessians);
    for (let k = 0; k < width; k++) {
      const slice = (a: Float32Array) => a.subarray(k * n, (k + 1) * n);
      const tree = grower.grow(slice(gradients), slice(hessians), raw, width, k);
      trees.push(tree);
      if (held) addTreeValues(tree, held.x, held.raw, width, k);
    }
    if (held) {
      scores.push(-loss.loss(held.y, held.raw));
      if (shouldStop(scores, settings.nIterNoChange, settings.tol)) break;
    }
  }
  return { baseline, trees };
}

interface Rows {
  readonly x: Matrix;
  readonly y: Float64Array | Int32Array;
}

function holdOut(
  x: Matrix,
  y: Float64Array | Int32Array,
  settings: BoostingSettings,
): { train: Rows; validation: Rows | null } {
  if (settings.validationFraction === 0) return { train: { x, y }, validation: null };
  const options = { testFraction: settings.validationFraction, seed: settings.seed };
  // Class indices come as Int32Array, regression targets as Float64Array.
  const split =
    y instanceof Int32Array ? stratifiedSplit(y, options) : randomSplit(y.length, options);
  return { train: takeRows(x, y, split.train), validation: takeRows(x, y, split.test) };
}

function takeRows(x: Matrix, y: Float64Array | Int32Array, rows: number[]): Rows {
  const taken = createMatrix(rows.length, x.cols);
  rows.forEach((row, i) => {
    taken.data.set(x.data.subarray(row * x.cols, (row + 1) * x.cols), i * x.cols);
  });
  const labels =
    y instanceof Int32Array ? new Int32Array(rows.length) : new Float64Array(rows.length);
  rows.forEach((row, i) => {
    labels[i] = y[row]!;
  });
  return { x: taken, y: labels };
}

function repeatRows(values: Float64Array, rows: number): Float64Array {
  const out = new Float64Array(rows * values.length);
  for (let r = 0; r < rows; r++) out.set(values, r * values.length);
  return out;
}
