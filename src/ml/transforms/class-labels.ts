import { ConveyorError } from "../../errors.ts";

/** A classification target as a table column holds it: numbers (NaN = missing) or strings (null = missing). */
export type LabelValues = ArrayLike<number> | readonly (string | null)[];
export type ClassLabel = number | string;

/**
 * The distinct labels, sorted as scikit-learn's np.unique sorts them (numbers ascending,
 * strings by code unit): class index i is the i-th of these. A missing label is refused,
 * naming its row, because a model cannot learn from a row whose answer is unknown.
 */
export function classLabels(y: LabelValues): ClassLabel[] {
  const distinct = new Set<ClassLabel>();
  for (let row = 0; row < y.length; row++) distinct.add(presentLabel(y, row));
  return [...distinct].sort(compareLabels);
}

/** Each label's class index in `classes`; a label that is not a class is refused, naming its row. */
export function classIndices(y: LabelValues, classes: readonly ClassLabel[]): Int32Array {
  const index = new Map(classes.map((label, i) => [label, i]));
  const indices = new Int32Array(y.length);
  for (let row = 0; row < y.length; row++) {
    const label = presentLabel(y, row);
    const i = index.get(label);
    if (i === undefined) {
      throw new ConveyorError(
        `label ${JSON.stringify(label)} at row ${row} is not one of the classes ${JSON.stringify(classes)}`,
        "score only labels the model was trained on",
        "invalid_data",
      );
    }
    indices[row] = i;
  }
  return indices;
}

/** Reads a saved class list back: distinct numbers or distinct strings, at least two. */
export function isClassList(value: unknown): value is ClassLabel[] {
  if (!Array.isArray(value) || value.length < 2) return false;
  const allNumbers = value.every((v) => typeof v === "number" && Number.isFinite(v));
  const allStrings = value.every((v) => typeof v === "string");
  return (allNumbers || allStrings) && new Set(value).size === value.length;
}

function presentLabel(y: LabelValues, row: number): ClassLabel {
  const label = y[row];
  if (label === null || label === undefined || Number.isNaN(label)) {
    throw new ConveyorError(
      `the label at row ${row} is missing`,
      "drop or fill the rows with a missing target",
      "invalid_data",
    );
  }
  if (typeof label === "number" && !Number.isFinite(label)) {
    throw new ConveyorError(`the label at row ${row} is ${label}`, "labels must be finite numbers or strings", "invalid_data");
  }
  return label;
}

function compareLabels(a: ClassLabel, b: ClassLabel): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return a < b ? -1 : a > b ? 1 : 0;
}
