import { ConveyorError } from "../../errors.ts";
import type { Column } from "../table.ts";
import {
  defaultDriftMethod,
  defaultThresholds,
  type DriftMethod,
  driftOptionsProblem,
  isDrift,
} from "./drift-method.ts";
import { type DriftSample, driftSample } from "./drift-sample.ts";
import { measureDrift } from "./measure-drift.ts";

export interface ColumnDriftOptions {
  /** The method to use; Evidently's choice for the column by default (see drift-method.ts). */
  readonly method?: DriftMethod;
  /** Replaces the method's default threshold; needs `method`. */
  readonly threshold?: number;
}

/** One column's verdict, as plain JSON (an infinite chi-square statistic serialises as null). */
export interface ColumnDrift {
  readonly column: string;
  /** How the values were compared: strings, and numbers with at most 5 values, are categorical. */
  readonly kind: "numeric" | "categorical";
  readonly method: DriftMethod;
  /** The test statistic (KS D, chi-square, z) or the distance (PSI, JS, normed Wasserstein). */
  readonly statistic: number;
  /** The test's p-value; null for distances. */
  readonly pValue: number | null;
  readonly threshold: number;
  readonly drifted: boolean;
  /** Present (non-missing) values compared on each side. */
  readonly referenceSize: number;
  readonly currentSize: number;
}

/** Compares the current data's column with the reference's column of the same name. */
export function columnDrift(reference: Column, current: Column, options: ColumnDriftOptions = {}): ColumnDrift {
  const problem = driftOptionsProblem(options.method, options.threshold);
  if (problem) throw new ConveyorError(problem, "see DriftMethod in src/ml/drift/drift-method.ts", "invalid_param");
  const sample = driftSample(reference, current);
  const method = options.method ?? defaultMethod(sample);
  const threshold = options.threshold ?? defaultThresholds[method];
  const { statistic, pValue } = measureDrift(method, sample);
  return {
    column: sample.column,
    kind: sample.kind,
    method,
    statistic,
    pValue: pValue ?? null,
    threshold,
    drifted: isDrift(method, pValue ?? statistic, threshold),
    referenceSize: sample.reference.length,
    currentSize: sample.current.length,
  };
}

function defaultMethod(sample: DriftSample): DriftMethod {
  if (sample.kind === "numeric") return defaultDriftMethod("numeric", sample.reference.length);
  const distinct = new Set<unknown>([...sample.reference, ...sample.current]).size;
  return defaultDriftMethod("categorical", sample.reference.length, distinct);
}
