import { ConveyorError } from "../../../errors.ts";

export type ClassLabel = number | string;

export interface EncodedClasses {
  /** The distinct labels, sorted (numbers ascending, strings by code unit) as scikit-learn's. */
  readonly classes: ClassLabel[];
  /** Each row's position in `classes`. */
  readonly classIndex: Int32Array;
}

/** Class labels as indices; a missing label or a single class is a user error. */
export function encodeClasses(y: ArrayLike<ClassLabel | null>): EncodedClasses {
  const distinct = new Set<ClassLabel>();
  for (let row = 0; row < y.length; row++) {
    const label = y[row];
    if (label === null || label === undefined || Number.isNaN(label)) {
      throw new ConveyorError(
        `the label at row ${row} is missing`,
        "drop or fill the rows with a missing label",
        "invalid_data",
      );
    }
    distinct.add(label);
  }
  if (distinct.size < 2) {
    throw new ConveyorError(
      `the labels hold only one class (${[...distinct].map((c) => JSON.stringify(c)).join("")})`,
      "a classifier needs rows of at least two classes",
      "invalid_data",
    );
  }
  const classes = [...distinct].sort(compareLabels);
  const position = new Map(classes.map((label, i) => [label, i]));
  const classIndex = new Int32Array(y.length);
  for (let row = 0; row < y.length; row++) classIndex[row] = position.get(y[row]!)!;
  return { classes, classIndex };
}

/** Regression targets as doubles; a missing or infinite one is named by row. */
export function regressionTarget(y: ArrayLike<number>): Float64Array {
  const values = Float64Array.from(y);
  const row = values.findIndex((v) => !Number.isFinite(v));
  if (row >= 0) {
    throw new ConveyorError(
      `the target at row ${row} is ${Number.isNaN(values[row]) ? "missing" : values[row]}`,
      "drop or fill the rows with a missing or infinite target",
      "invalid_data",
    );
  }
  return values;
}

function compareLabels(a: ClassLabel, b: ClassLabel): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
