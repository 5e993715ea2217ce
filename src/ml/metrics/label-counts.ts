/** How one label fared: true positives, false positives, false negatives, and its true count. */
export interface LabelCount {
  readonly label: number;
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly support: number;
}

/**
 * Counts for every label seen in either argument, ascending (scikit-learn's unique_labels):
 * the per-class tallies behind precision, recall, F1 and balanced accuracy.
 * Hand-written numeric kernel: one pass over the rows.
 */
export function labelCounts(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): LabelCount[] {
  const tallies = new Map<number, { tp: number; fp: number; fn: number }>();
  const tally = (label: number) => {
    const t = tallies.get(label) ?? { tp: 0, fp: 0, fn: 0 };
    tallies.set(label, t);
    return t;
  };
  for (let i = 0; i < yTrue.length; i++) {
    const actual = yTrue[i]!;
    const predicted = yPred[i]!;
    if (actual === predicted) tally(actual).tp++;
    else {
      tally(actual).fn++;
      tally(predicted).fp++;
    }
  }
  return [...tallies]
    .sort(([a], [b]) => a - b)
    .map(([label, t]) => ({ label, ...t, support: t.tp + t.fn }));
}
