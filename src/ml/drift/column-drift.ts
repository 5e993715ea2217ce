import { ConveyorError } from "../../errors.ts";
import type { Column } from "../table.ts";
import { defaultThresholds, type DriftMethod, driftOptionsProblem, isDrift } from "./drift-method.ts";
import { ColumnSample } from "./column-sample.ts";
import { referenceColumn, referenceSize } from "./reference-profile.ts";

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
  return verdict(new ColumnSample(referenceColumn(reference), current), options);
}

/** A sample's verdict by the method and threshold given, or the column's defaults. */
export function verdict(sample: ColumnSample, options: ColumnDriftOptions): ColumnDrift {
  const method = options.method ?? sample.defaultMethod();
  const threshold = options.threshold ?? defaultThresholds[method];
  const { statistic, pValue } = sample.measure(method);
  return {
    column: sample.column,
    kind: sample.kind,
    method,
    statistic,
    pValue: pValue ?? null,
    threshold,
    drifted: isDrift(method, pValue ?? statistic, threshold),
    referenceSize: referenceSize(sample.reference),
    currentSize: sample.size,
  };
}
