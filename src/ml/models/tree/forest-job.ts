import { seededRandom } from "../../random.ts";
import type { CartFeatures } from "./cart-features.ts";
import { growDecisionTree } from "./grow-decision-tree.ts";
import type { Tree } from "./tree.ts";
import type { DecisionTreeParams, TreeTarget } from "./tree-target.ts";

/** Everything a thread needs to grow any tree of a forest; its arrays may be shared memory. */
export interface ForestJob {
  readonly binned: CartFeatures;
  readonly target: TreeTarget;
  readonly params: DecisionTreeParams;
  readonly seed: number;
}

/**
 * Grows tree `index` of the forest: a bootstrap sample (n draws with replacement, kept as
 * per-row counts) and a CART tree on it. All of its randomness comes from a seed derived
 * from the forest seed and the index alone, so a tree is the same whichever thread grows it
 * and in whatever order: the forest does not depend on the number of threads.
 */
export function growForestTree(job: ForestJob, index: number): Tree {
  const random = seededRandom(treeSeed(job.seed, index));
  const rows = job.binned.rows;
  const counts = new Float64Array(rows);
  for (let i = 0; i < rows; i++) counts[Math.floor(random() * rows)]! += 1;
  return growDecisionTree(job.binned, job.target, counts, job.params, random);
}

/**
 * murmur3's 32-bit finaliser over seed and index, so that neighbouring indices start
 * unrelated random streams.
 */
function treeSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
