/**
 * Drift statistics: how far current data has moved from a reference sample. Each statistic
 * reproduces scipy (or Evidently's use of it) to about 1e-9 or better; test/ml/drift-*.test.ts
 * checks the values in test/ml/fixtures/drift/values.json. `detectDrift` applies Evidently's
 * per-column defaults to whole tables; the functions below it are the building blocks.
 */
export { categoricalChiSquare, type ChiSquareResult, chiSquareTest } from "./chi-square.ts";
export { type ColumnDrift, type ColumnDriftOptions, columnDrift } from "./column-drift.ts";
export { type DatasetDrift, type DriftOptions, detectDrift } from "./detect-drift.ts";
export { defaultDriftMethod, defaultThresholds, type DriftMethod, driftMethods, isDrift } from "./drift-method.ts";
export { jensenShannonDistance, jensenShannonDivergence } from "./jensen-shannon.ts";
export { type KsMethod, type KsTestResult, ksLimitPValue, ksTest } from "./ks-test.ts";
export { populationStabilityIndex, type QuantileBinnedPsi, quantileBinnedPsi } from "./psi.ts";
export { countByInnerEdges, referenceQuantileEdges } from "./quantile-bins.ts";
export { normedWassersteinDistance, wassersteinDistance } from "./wasserstein.ts";
export { proportionsZTest, type ZTestResult } from "./z-test.ts";
