import { seededRandom, shuffleInPlace } from "../random.ts";
import type { Split } from "../split.ts";
import { classIndices, classLabels, type LabelValues } from "../transforms/class-labels.ts";
import { checkFolds, type FoldOptions, foldSplit } from "./k-fold.ts";

/**
 * k-fold splits in which every fold holds each class in (nearly) its overall proportion,
 * by scikit-learn's StratifiedKFold allocation: the labels, sorted, are dealt to the folds
 * in turn, which fixes how many rows of each class each fold tests (fold sizes, and each
 * class's count per fold, differ by at most one); each class's rows then fill their folds
 * in row order, so without a seed the folds are scikit-learn's exactly. With a seed, the
 * order in which each class fills its folds is shuffled.
 */
export function stratifiedKFold(labels: LabelValues, options: FoldOptions): Split[] {
  const { folds } = options;
  checkFolds(folds, labels.length);
  const classes = classLabels(labels);
  const indices = classIndices(labels, classes);
  const classCounts = classes.map(() => 0);
  for (const c of indices) classCounts[c]!++;
  const random = options.shuffleSeed === undefined ? undefined : seededRandom(options.shuffleSeed);
  const foldOfClassRow: number[][] = [];
  let start = 0; // where the class's labels begin once all labels are sorted
  classCounts.forEach((count) => {
    const foldsForClass: number[] = [];
    for (let f = 0; f < folds; f++) {
      // Sorted positions start..start+count-1 that fall to fold f when dealt round-robin.
      const dealt = Math.ceil((start + count - f) / folds) - Math.ceil((start - f) / folds);
      for (let i = 0; i < dealt; i++) foldsForClass.push(f);
    }
    foldOfClassRow.push(random ? shuffleInPlace(foldsForClass, random) : foldsForClass);
    start += count;
  });
  const seen = classes.map(() => 0);
  const testFold = Array.from(indices, (c) => foldOfClassRow[c]![seen[c]!++]!);
  const rows = Array.from({ length: labels.length }, (_, i) => i);
  return Array.from({ length: folds }, (_, f) => foldSplit(rows, (row) => testFold[row] === f));
}
