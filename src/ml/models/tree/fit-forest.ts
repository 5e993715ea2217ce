import type { Matrix } from "../../matrix.ts";
import { cartFeatures } from "./cart-features.ts";
import { float32Features } from "./float32-features.ts";
import type { ForestSettings } from "./forest-options.ts";
import { growForest } from "./grow-forest.ts";
import type { Tree } from "./tree.ts";
import type { TreeTarget } from "./tree-target.ts";

/**
 * Bins the features (as float32, like scikit-learn: see float32-features.ts) once, into
 * shared memory next to the target, and grows the forest's trees on them. Worker threads
 * then read the same bytes: nothing is copied per thread.
 */
export function fitForest(
  x: Matrix,
  target: TreeTarget,
  settings: ForestSettings,
): Promise<Tree[]> {
  const binned = cartFeatures(float32Features(x), settings.maxBins, true);
  const job = {
    binned,
    target: sharedTarget(target),
    params: settings.params,
    seed: settings.seed,
  };
  return growForest(job, settings.treeCount, settings.threads);
}

function sharedTarget(target: TreeTarget): TreeTarget {
  return target.kind === "classification"
    ? { ...target, classIndex: inSharedMemory(target.classIndex, Int32Array) }
    : { ...target, y: inSharedMemory(target.y, Float64Array) };
}

function inSharedMemory<T extends Int32Array | Float64Array>(
  values: T,
  type: { new (buffer: SharedArrayBuffer): T },
): T {
  const shared = new type(new SharedArrayBuffer(values.byteLength));
  shared.set(values);
  return shared;
}
