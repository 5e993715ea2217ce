import { ConveyorError } from "../../../errors.ts";
import { readNumber, readNumbers } from "../../json-format.ts";
import { isLeaf, type Tree } from "./tree.ts";
import type { ClassLabel } from "./training-target.ts";

// The JSON of trees, and of the parts every saved tree model shares: feature count, class
// labels and the list of trees. A saved leaf has feature -1, threshold 0 and left 0; in
// memory it points to itself (tree.ts), a form for the prediction kernel only, so the saved
// format does not depend on it.

export interface TreeJSON {
  readonly feature: number[];
  readonly threshold: number[];
  readonly left: number[];
  readonly value: number[];
  readonly valueWidth: number;
}

/** Plain arrays; JSON numbers carry doubles exactly, so a loaded tree predicts identically. */
export function treeToJSON(tree: Tree): TreeJSON {
  const feature = Array.from(tree.feature);
  const threshold = Array.from(tree.threshold);
  const left = Array.from(tree.left);
  for (let node = 0; node < feature.length; node++) {
    if (!isLeaf(tree, node)) continue;
    feature[node] = -1;
    threshold[node] = 0;
    left[node] = 0;
  }
  return { feature, threshold, left, value: Array.from(tree.value), valueWidth: tree.valueWidth };
}

/**
 * Loads a tree, checking it is one: every split names a known feature and points forward to
 * a child pair inside the tree, so prediction can neither read garbage nor loop forever.
 */
export function treeFromJSON(json: unknown, featureCount: number, valueWidth: number): Tree {
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw corrupt("a tree must be a JSON object");
  }
  const record = json as Record<string, unknown>;
  if (readNumber(record, "valueWidth") !== valueWidth) {
    throw corrupt(`a tree has valueWidth ${record.valueWidth}, expected ${valueWidth}`);
  }
  const feature = readIntegers(record, "feature");
  const nodes = feature.length;
  const tree: Tree = {
    feature,
    threshold: readNumbers(record, "threshold", nodes),
    left: readIntegers(record, "left", nodes),
    value: readNumbers(record, "value", nodes * valueWidth),
    valueWidth,
  };
  if (nodes === 0) throw corrupt("a tree has no nodes");
  for (let node = 0; node < nodes; node++) {
    const f = tree.feature[node]!;
    const left = tree.left[node]!;
    if (f === -1) {
      tree.feature[node] = 0;
      tree.threshold[node] = Infinity;
      tree.left[node] = node;
    } else if (!(f >= 0 && f < featureCount) || !(left > node && left + 1 < nodes)) {
      throw corrupt(`tree node ${node} has feature ${f} and children ${left}, ${left + 1}`);
    }
  }
  return tree;
}

export function readFeatureCount(record: Record<string, unknown>): number {
  const featureCount = readNumber(record, "featureCount");
  if (!(Number.isInteger(featureCount) && featureCount >= 1)) {
    throw corrupt('"featureCount" must be a positive integer');
  }
  return featureCount;
}

export function readClasses(record: Record<string, unknown>): ClassLabel[] {
  const classes = record.classes;
  if (
    !Array.isArray(classes) ||
    classes.length < 2 ||
    !classes.every((c) => typeof c === "string" || (typeof c === "number" && Number.isFinite(c)))
  ) {
    throw corrupt('"classes" must be an array of at least two numbers or strings');
  }
  return classes;
}

export function readTrees(
  record: Record<string, unknown>,
  featureCount: number,
  valueWidth: number,
  treesPerIteration = 1,
): Tree[] {
  const trees = record.trees;
  if (!Array.isArray(trees) || trees.length === 0 || trees.length % treesPerIteration !== 0) {
    throw corrupt(`"trees" must be a non-empty array of a multiple of ${treesPerIteration} trees`);
  }
  return trees.map((tree) => treeFromJSON(tree, featureCount, valueWidth));
}

function readIntegers(record: Record<string, unknown>, key: string, length?: number): Int32Array {
  const values = readNumbers(record, key, length);
  if (!values.every(Number.isInteger)) throw corrupt(`"${key}" of a tree must hold integers`);
  return Int32Array.from(values);
}

function corrupt(problem: string): ConveyorError {
  return new ConveyorError(
    `cannot load model: ${problem}`,
    "re-train, or load it with the Conveyor version that saved it",
    "corrupt_artifact",
  );
}
