import { ConveyorError } from "../../errors.ts";
import { seededRandom, shuffleInPlace } from "../random.ts";
import type { Split } from "../split.ts";

export interface FoldOptions {
  /** How many folds (at least 2). */
  readonly folds: number;
  /** Shuffle rows with this seed before dealing them into folds; left out, rows keep their order. */
  readonly shuffleSeed?: number;
}

/**
 * k-fold cross-validation splits, as scikit-learn's KFold: the (optionally shuffled) rows are
 * cut into `folds` consecutive test blocks, the first rowCount % folds of them one row
 * larger; each split trains on every row outside its block. Row indices are ascending.
 */
export function kFold(rowCount: number, options: FoldOptions): Split[] {
  checkFolds(options.folds, rowCount);
  const rows = Array.from({ length: rowCount }, (_, i) => i);
  if (options.shuffleSeed !== undefined) shuffleInPlace(rows, seededRandom(options.shuffleSeed));
  const splits: Split[] = [];
  let start = 0;
  for (let f = 0; f < options.folds; f++) {
    const size = Math.floor(rowCount / options.folds) + (f < rowCount % options.folds ? 1 : 0);
    splits.push(foldSplit(rows, (position) => position >= start && position < start + size));
    start += size;
  }
  return splits;
}

/** The split whose test side is the rows at the positions `isTest` picks; both sides ascending. */
export function foldSplit(rows: readonly number[], isTest: (position: number) => boolean): Split {
  const train: number[] = [];
  const test: number[] = [];
  rows.forEach((row, position) => {
    (isTest(position) ? test : train).push(row);
  });
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

export function checkFolds(folds: number, rowCount: number): void {
  if (!Number.isInteger(folds) || folds < 2) {
    throw new ConveyorError(`folds is ${folds}`, "use a whole number of at least 2 folds", "invalid_param");
  }
  if (folds > rowCount) {
    throw new ConveyorError(
      `cannot cut ${rowCount} rows into ${folds} folds`,
      "use at most as many folds as rows",
      "invalid_param",
    );
  }
}
