import type { ModelTask } from "../models/model-kinds.ts";
import { seededRandom, shuffleInPlace } from "../random.ts";
import type { LabelValues } from "../transforms/class-labels.ts";

/**
 * The rows a rung trains on: `count` of the table's rows, drawn with the seed, ascending. Each
 * rung's rows hold the smaller rungs' rows (one shuffled order, cut at each size), and for
 * classification each class keeps its share (at least `minPerClass` rows of it, or all it
 * has), so every fold sees every class.
 */
export function stageRows(y: LabelValues, task: ModelTask, count: number, seed: number, minPerClass: number): number[] {
  const order = shuffleInPlace(Array.from({ length: y.length }, (_, i) => i), seededRandom(seed));
  if (count >= y.length) return order.sort((a, b) => a - b);
  if (task === "regression") return order.slice(0, count).sort((a, b) => a - b);
  const byClass = new Map<string, number[]>();
  for (const row of order) {
    const label = String(y[row]);
    const classRows = byClass.get(label);
    if (classRows) classRows.push(row);
    else byClass.set(label, [row]);
  }
  const rows: number[] = [];
  for (const classRows of byClass.values()) {
    const share = Math.max(minPerClass, Math.round((count * classRows.length) / y.length));
    rows.push(...classRows.slice(0, share));
  }
  return rows.sort((a, b) => a - b);
}

/**
 * The row counts of a bracket's rungs, smallest first, each `eta` times the one before and the
 * last `finalRows`: as many rungs as halving the candidates allows (the last holding at least
 * one), and none smaller than `minRows`, where cross-validation scores would be mostly noise.
 */
export function rungSizes(finalRows: number, candidates: number, eta: number, minRows: number): number[] {
  const sizes = [finalRows];
  let kept = candidates;
  while (kept >= eta && Math.floor(sizes[0]! / eta) >= minRows) {
    sizes.unshift(Math.floor(sizes[0]! / eta));
    kept = Math.floor(kept / eta);
  }
  return sizes;
}
