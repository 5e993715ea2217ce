import { ConveyorError } from "../errors.ts";
import { seededRandom, shuffleInPlace } from "./random.ts";

/** Row indices of each side of a split, ascending so that row order is kept. */
export interface Split {
  readonly train: number[];
  readonly test: number[];
}

export interface SplitOptions {
  /** Fraction of rows in the test side, rounded up as scikit-learn does. */
  readonly testFraction: number;
  readonly seed: number;
}

/** Rows 0..rowCount-1 shuffled with the seed; the first ceil(testFraction * rowCount) are test. */
export function randomSplit(rowCount: number, options: SplitOptions): Split {
  const testCount = testRowCount(rowCount, options.testFraction);
  const rows = shuffleInPlace(
    Array.from({ length: rowCount }, (_, i) => i),
    seededRandom(options.seed),
  );
  return sides(rows.slice(0, testCount), rows.slice(testCount));
}

/**
 * Like randomSplit, but each label keeps its share of rows on both sides. Class test counts
 * are proportional, rounded by largest remainder so that they add up to the same total.
 */
export function stratifiedSplit(
  labels: ArrayLike<number | string | null>,
  options: SplitOptions,
): Split {
  const testCount = testRowCount(labels.length, options.testFraction);
  const random = seededRandom(options.seed);
  const classes = [...groupRows(labels).values()];
  const quotas = classes.map((rows) => (testCount * rows.length) / labels.length);
  const counts = quotas.map((q) => Math.floor(q));
  const unassigned = testCount - counts.reduce((a, b) => a + b, 0);
  const byRemainder = quotas
    .map((q, i) => ({ i, remainder: q - Math.floor(q) }))
    .sort((a, b) => b.remainder - a.remainder);
  for (const { i } of byRemainder.slice(0, unassigned)) counts[i] = counts[i]! + 1;
  const test: number[] = [];
  const train: number[] = [];
  classes.forEach((rows, i) => {
    const classTestCount = counts[i]!;
    shuffleInPlace(rows, random).forEach((row, k) => {
      (k < classTestCount ? test : train).push(row);
    });
  });
  return sides(test, train);
}

function testRowCount(rowCount: number, testFraction: number): number {
  if (!(testFraction > 0 && testFraction < 1)) {
    throw new ConveyorError(
      `testFraction is ${testFraction}`,
      "give a fraction strictly between 0 and 1",
    );
  }
  // Unlike scikit-learn, floating-point dust is not rounded up: 0.07 of 100 rows is 7, not 8.
  const testCount = Math.ceil(testFraction * rowCount - 1e-9);
  if (testCount >= rowCount) {
    throw new ConveyorError(
      `cannot split ${rowCount} rows: no row would be left to train on`,
      "use more rows or a smaller testFraction",
    );
  }
  return testCount;
}

/** Row indices per distinct label, in order of first appearance. */
function groupRows(
  labels: ArrayLike<number | string | null>,
): Map<number | string | null, number[]> {
  const groups = new Map<number | string | null, number[]>();
  for (let row = 0; row < labels.length; row++) {
    const label = labels[row] as number | string | null;
    const rows = groups.get(label);
    if (rows) rows.push(row);
    else groups.set(label, [row]);
  }
  return groups;
}

function sides(test: number[], train: number[]): Split {
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}
