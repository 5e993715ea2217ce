import { availableParallelism } from "node:os";
import { ConveyorError } from "../../errors.ts";
import { mapOnPool } from "../pool-map.ts";
import type { Column, Table } from "../table.ts";
import { type DriftMethod, driftMethods, driftOptionsProblem } from "./drift-method.ts";
import { type DriftJob, judgeJobColumn } from "./drift-job.ts";
import { driftPool } from "./drift-pool.ts";
import type { ColumnJudgeOptions } from "./judge-column.ts";
import type { KsMethod } from "./ks-test.ts";
import { type PValueCorrection, pValueCorrections } from "./multiple-testing.ts";
import { findColumn, type ReferenceProfile } from "./reference-profile.ts";
import { type WindowDrift, windowVerdict } from "./window-verdict.ts";

export interface WindowOptions {
  /** The columns to judge; every column of the profile by default. */
  readonly columns?: readonly string[];
  /** One method for every column, instead of each column's default (see drift-method.ts). */
  readonly method?: DriftMethod;
  /** The method's threshold, replacing its default; needs `method`. */
  readonly threshold?: number;
  /** Further methods measured and reported beside the verdict's, e.g. ["psi"] beside "ks". */
  readonly also?: readonly DriftMethod[];
  /** How KS p-values are computed (see ks-test.ts); "auto", scipy's default, by default. */
  readonly ksMethod?: KsMethod;
  /** A column with fewer present values in the window is reported as not judged; 30 by default. */
  readonly minWindowSize?: number;
  /** How p-values are adjusted for the number of columns tested (see multiple-testing.ts); "none" by default. */
  readonly correction?: PValueCorrection;
  /** The window drifts when at least this share of its judged columns does; 0.5 by default (Evidently's). */
  readonly driftShare?: number;
  /** Threads the columns are judged on: this one and workers of the drift pool; all cores by default. */
  readonly threads?: number;
}

/** Below this many values a column's tests say little; a window's owner can ask for more (or fewer). */
const defaultMinWindowSize = 30;

/**
 * Judges a window of current data against a reference profiled once (profileReference):
 * each column by its method, with its effect size and the further methods asked for, its
 * p-value adjusted for the number of columns tested, and the window's drift from the share
 * of columns that drifted. A column with fewer than `minWindowSize` present values is
 * reported as not judged, with the reason, rather than refused; the window is not judged
 * when no column is. Columns are judged in parallel on the drift pool's worker threads,
 * which read the profile's sorted values in shared memory; the result is the same for any
 * number of threads. Refuses, naming what is wrong: a column the profile or the window
 * lacks, a column whose type changed, a method that does not fit a column, bad options.
 */
export async function judgeWindow(
  profile: ReferenceProfile,
  window: Table,
  options: WindowOptions = {},
): Promise<WindowDrift> {
  const { correction = "none", driftShare = 0.5 } = options;
  const columnOptions = checkOptions(options, correction, driftShare);
  const threads = options.threads ?? availableParallelism();
  const names = options.columns ?? profile.columns.map((column) => column.name);
  const references = names.map((name) => profileColumn(profile, name));
  const currents = names.map((name) => findColumn(window, name, "current"));
  const job: DriftJob = {
    references,
    // Workers read the window's numbers from shared memory too.
    currents: threads > 1 ? currents.map(shared) : currents,
    options: columnOptions,
  };
  const judgements = await mapOnPool(driftPool, job, names.length, threads, judgeJobColumn);
  return windowVerdict(judgements, correction, driftShare);
}

function profileColumn(profile: ReferenceProfile, name: string) {
  const column = profile.columns.find((c) => c.name === name);
  if (column) return column;
  throw new ConveyorError(
    `the reference profile has no column named "${name}"`,
    `its columns are ${profile.columns.map((c) => `"${c.name}"`).join(", ")}; profile the reference with that column`,
    "unknown_column",
  );
}

function shared(column: Column): Column {
  if (column.type !== "number" || column.values.buffer instanceof SharedArrayBuffer) return column;
  const values = new Float64Array(new SharedArrayBuffer(column.values.byteLength));
  values.set(column.values);
  return { ...column, values };
}

function checkOptions(options: WindowOptions, correction: PValueCorrection, driftShare: number): ColumnJudgeOptions {
  const { method, threshold, also = [], ksMethod = "auto", minWindowSize = defaultMinWindowSize, threads } = options;
  const problem = driftOptionsProblem(method, threshold);
  if (problem) throw invalid(problem, "see DriftMethod in src/ml/drift/drift-method.ts");
  const unknown = also.find((m) => !driftMethods.includes(m));
  if (unknown !== undefined) {
    throw invalid(`unknown drift method ${JSON.stringify(unknown)} in also`, `the methods are ${driftMethods.join(", ")}`);
  }
  if (!["auto", "exact", "asymp"].includes(ksMethod)) {
    throw invalid(`unknown ksMethod ${JSON.stringify(ksMethod)}`, "give auto, exact or asymp");
  }
  if (!pValueCorrections.includes(correction)) {
    throw invalid(`unknown p-value correction ${JSON.stringify(correction)}`, `the corrections are ${pValueCorrections.join(", ")}`);
  }
  if (!(Number.isInteger(minWindowSize) && minWindowSize >= 1)) {
    throw invalid(`minWindowSize is ${minWindowSize}`, "give a whole number of values, at least 1");
  }
  if (!(driftShare > 0 && driftShare <= 1)) {
    throw invalid(`driftShare is ${driftShare}`, "give a share of columns above 0 and at most 1");
  }
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw invalid(`threads is ${threads}`, "give a whole number of threads, at least 1");
  }
  return {
    ...(method !== undefined && { method }),
    ...(threshold !== undefined && { threshold }),
    also,
    ksMethod,
    minWindowSize,
  };
}

function invalid(message: string, hint: string): ConveyorError {
  return new ConveyorError(message, hint, "invalid_param");
}
