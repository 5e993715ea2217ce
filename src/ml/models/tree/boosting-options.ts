import { ConveyorError } from "../../../errors.ts";
import { MAX_BINS } from "./binning.ts";
import { checkInteger } from "./tree-options.ts";
import type { BoostingTreeParams } from "./grow-boosting-tree.ts";

/** Histogram gradient boosting settings; names and defaults as scikit-learn's. */
export interface HistGradientBoostingOptions {
  /** Shrinkage of every leaf value (default 0.1). */
  readonly learningRate?: number;
  /** Boosting iterations, at most (default 100). */
  readonly maxIter?: number;
  /** Leaves per tree, at most (default 31). */
  readonly maxLeafNodes?: number;
  /** Fewest training rows in a leaf (default 20). */
  readonly minSamplesLeaf?: number;
  /** L2 penalty on leaf values (default 0). */
  readonly l2Regularization?: number;
  /** Bins per feature, at most 255 (default 255). */
  readonly maxBins?: number;
  /**
   * Stop once the validation loss has not improved by `tol` for `nIterNoChange` iterations.
   * "auto" (default) turns it on for more than 10,000 rows.
   */
  readonly earlyStopping?: "auto" | boolean;
  /** Share of the rows held out to score early stopping (default 0.1). */
  readonly validationFraction?: number;
  readonly nIterNoChange?: number;
  /** Default 1e-7. */
  readonly tol?: number;
  /** Seed of the validation split (default 0). */
  readonly seed?: number;
}

export interface BoostingSettings {
  readonly tree: BoostingTreeParams;
  readonly maxIter: number;
  readonly maxBins: number;
  /** Share of rows held out for early stopping, or 0 when it is off. */
  readonly validationFraction: number;
  readonly nIterNoChange: number;
  readonly tol: number;
  readonly seed: number;
}

export function boostingSettings(
  options: HistGradientBoostingOptions,
  rowCount: number,
): BoostingSettings {
  const earlyStopping = options.earlyStopping ?? "auto";
  const stopEarly = earlyStopping === "auto" ? rowCount > 10_000 : earlyStopping;
  const validationFraction = options.validationFraction ?? 0.1;
  if (!(validationFraction > 0 && validationFraction < 1)) {
    throw invalid("validationFraction", validationFraction, "a fraction strictly between 0 and 1");
  }
  return {
    tree: {
      learningRate: positive("learningRate", options.learningRate ?? 0.1),
      maxLeafNodes: checkInteger("maxLeafNodes", options.maxLeafNodes ?? 31, 2),
      minSamplesLeaf: checkInteger("minSamplesLeaf", options.minSamplesLeaf ?? 20, 1),
      l2Regularization: nonNegative("l2Regularization", options.l2Regularization ?? 0),
      minHessianToSplit: 1e-3,
    },
    maxIter: checkInteger("maxIter", options.maxIter ?? 100, 1),
    maxBins: checkInteger("maxBins", options.maxBins ?? MAX_BINS, 2, MAX_BINS),
    validationFraction: stopEarly ? validationFraction : 0,
    nIterNoChange: checkInteger("nIterNoChange", options.nIterNoChange ?? 10, 1),
    tol: nonNegative("tol", options.tol ?? 1e-7),
    seed: checkInteger("seed", options.seed ?? 0, 0, 0xffffffff),
  };
}

function positive(name: string, value: number): number {
  if (!(value > 0 && Number.isFinite(value))) throw invalid(name, value, "a positive number");
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!(value >= 0 && Number.isFinite(value))) throw invalid(name, value, "a number >= 0");
  return value;
}

function invalid(name: string, value: number, needed: string): ConveyorError {
  return new ConveyorError(`${name} is ${value}`, `${name} must be ${needed}`, "invalid_param");
}
