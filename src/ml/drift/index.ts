/**
 * Drift statistics: how far current data has moved from a reference sample. Each statistic
 * reproduces scipy (or Evidently's use of it) to about 1e-9 or better; test/ml/drift-*.test.ts
 * checks the values in test/ml/fixtures/drift/values.json. `detectDrift` applies Evidently's
 * per-column defaults to whole tables; the functions below it are the building blocks.
 * For data that keeps arriving, `profileReference` summarises the reference once and
 * `judgeWindow` judges each window against it, in parallel, with effect sizes, a minimum
 * window size and corrections for many columns; `advanceDriftStreak` turns window results
 * into "drifted in K consecutive windows".
 */
export { categoricalChiSquare, type ChiSquareResult, chiSquareTest } from "./chi-square.ts";
export { type ColumnDrift, type ColumnDriftOptions, columnDrift } from "./column-drift.ts";
export { type DatasetDrift, type DriftOptions, detectDrift } from "./detect-drift.ts";
export { advanceDriftStreak, type DriftStreak, startDriftStreak } from "./drift-streak.ts";
export { closeDriftPool, warmDriftPool } from "./drift-pool.ts";
export { defaultDriftMethod, defaultThresholds, type DriftMethod, driftMethods, isDrift } from "./drift-method.ts";
export type { EffectSize } from "./effect-size.ts";
export type { AlsoMeasured, ColumnJudgement, JudgedColumn, UnjudgedColumn } from "./judge-column.ts";
export { judgeWindow, type WindowOptions } from "./judge-window.ts";
export { jensenShannonDistance, jensenShannonDivergence } from "./jensen-shannon.ts";
export { type KsMethod, type KsTestResult, ksLimitPValue, ksTest } from "./ks-test.ts";
export { adjustPValues, type PValueCorrection, pValueCorrections } from "./multiple-testing.ts";
export { populationStabilityIndex, type QuantileBinnedPsi, quantileBinnedPsi } from "./psi.ts";
export { countByInnerEdges, referenceQuantileEdges } from "./quantile-bins.ts";
export {
  type ColumnReference,
  type NumberReference,
  profileReference,
  type ReferenceProfile,
  type ReferenceProfileOptions,
  type StringReference,
} from "./reference-profile.ts";
export { normedWassersteinDistance, wassersteinDistance } from "./wasserstein.ts";
export { proportionsZTest, type ZTestResult } from "./z-test.ts";
export type { WindowDrift } from "./window-verdict.ts";
