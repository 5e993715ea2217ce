/**
 * A model's live quality over a window of labelled predictions: the metrics evaluation records
 * (scikit-learn's definitions, src/ml/metrics), each against the model's own evaluation metric
 * from the registry, and whether it fell by more than the drop tolerated.
 */
import { metricDirection } from "../evaluate/metric-direction.ts";
import { createMatrix } from "../matrix.ts";
import { accuracy, f1, rocAuc } from "../metrics/classification.ts";
import { logLoss } from "../metrics/log-loss.ts";
import { meanAbsoluteError, r2, rootMeanSquaredError } from "../metrics/regression.ts";
import { rocAucOvr } from "../metrics/roc-auc-ovr.ts";
import type { Column } from "../table.ts";

export interface LabelledWindow {
  readonly task: "classification" | "regression";
  /** A classifier's classes, in the order of its probabilities. */
  readonly classes?: readonly (string | number)[];
  readonly labels: Column;
  readonly predictions: Column;
  /** One column per class, in `classes` order; absent when the log holds none. */
  readonly probabilities?: readonly Float64Array[];
}

export interface PerformanceOptions {
  /** The model's own metrics, as the registry records them ("accuracy", "evaluate.accuracy", ...). */
  readonly baseline?: Readonly<Record<string, number>>;
  /** How much a metric may fall below its baseline (rise, for losses) before it counts as dropped; 0.05 by default. */
  readonly maxDrop?: number;
  /** Fewer labelled rows than this: performance is not judged; 30 by default. */
  readonly minLabels?: number;
  /** The metrics measured; all of the task's by default. */
  readonly metrics?: readonly string[];
}

export interface MetricComparison {
  readonly name: string;
  readonly value: number;
  /** The registry's value and the name it is recorded under; null when the model has none. */
  readonly baseline: number | null;
  readonly baselineName: string | null;
  /** How far the metric fell (positive: worse), null without a baseline. */
  readonly drop: number | null;
  readonly dropped: boolean;
}

export interface PerformanceReport {
  readonly status: "judged" | "notJudged";
  readonly reason: string | null;
  /** Labelled rows in the window. */
  readonly rows: number;
  /** Labels that name no class of the model: counted, left out of the metrics. */
  readonly unknownLabels: number;
  readonly maxDrop: number;
  readonly metrics: readonly MetricComparison[];
  /** Metrics the window cannot define (ROC AUC when one class is absent, ...), and why. */
  readonly unavailable: Readonly<Record<string, string>>;
  readonly dropped: boolean;
}

export const CLASSIFICATION_METRICS = ["accuracy", "f1", "rocAuc", "logLoss"] as const;
export const REGRESSION_METRICS = ["rmse", "mae", "r2"] as const;

export function measurePerformance(window: LabelledWindow, options: PerformanceOptions = {}): PerformanceReport {
  const { baseline = {}, maxDrop = 0.05, minLabels = 30 } = options;
  const names = options.metrics ?? (window.task === "classification" ? CLASSIFICATION_METRICS : REGRESSION_METRICS);
  for (const name of names) metricDirection(name);
  const { values, unknownLabels, unavailable } = window.task === "classification" ? classificationMetrics(window, names) : regressionMetrics(window, names);
  const rows = window.labels.values.length - unknownLabels;
  if (rows < minLabels) {
    return { status: "notJudged", reason: `${rows} labelled rows, fewer than the minimum of ${minLabels}`, rows, unknownLabels, maxDrop, metrics: [], unavailable: {}, dropped: false };
  }
  const metrics = Object.entries(values).map(([name, value]) => compare(name, value, baseline, maxDrop));
  return { status: "judged", reason: null, rows, unknownLabels, maxDrop, metrics, unavailable, dropped: metrics.some((m) => m.dropped) };
}

function compare(name: string, value: number, baseline: Readonly<Record<string, number>>, maxDrop: number): MetricComparison {
  const baselineName = baselineKey(name, baseline);
  if (baselineName === null) return { name, value, baseline: null, baselineName: null, drop: null, dropped: false };
  const reference = baseline[baselineName]!;
  const drop = metricDirection(name) * (reference - value);
  return { name, value, baseline: reference, baselineName, drop, dropped: drop > maxDrop };
}

/**
 * The metric as evaluation recorded it: its own name, else a task's ("evaluate.accuracy"); the
 * training score ("train.accuracy", measured on the data the model learned) only when the model
 * has no other. The report names the one used.
 */
function baselineKey(name: string, baseline: Readonly<Record<string, number>>): string | null {
  if (name in baseline) return name;
  const keys = Object.keys(baseline).filter((key) => key.endsWith(`.${name}`));
  return keys.find((key) => !key.startsWith("train.")) ?? keys[0] ?? null;
}

function classificationMetrics(window: LabelledWindow, names: readonly string[]) {
  const classes = window.classes ?? [];
  const index = classIndex(classes);
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const kept: number[] = [];
  let unknownLabels = 0;
  for (let i = 0; i < window.labels.values.length; i++) {
    const label = index(window.labels.values[i]);
    if (label === undefined) {
      unknownLabels++;
      continue;
    }
    yTrue.push(label);
    yPred.push(index(window.predictions.values[i]) ?? -1);
    kept.push(i);
  }
  const probabilities = window.probabilities;
  const k = classes.length;
  const matrix = () => {
    if (!probabilities || probabilities.length !== k) throw new RangeError("the log holds no probabilities for this model");
    const data = new Float64Array(kept.length * k);
    kept.forEach((row, i) => {
      for (let c = 0; c < k; c++) data[i * k + c] = probabilities[c]![row]!;
    });
    return createMatrix(kept.length, k, data);
  };
  const formulas: Record<string, () => number> = {
    accuracy: () => accuracy(yTrue, yPred),
    f1: () => (k === 2 ? f1(yTrue, yPred) : f1(yTrue, yPred, "macro")),
    rocAuc: () => {
      const m = matrix();
      return k === 2 ? rocAuc(yTrue, Float64Array.from({ length: m.rows }, (_, i) => m.data[i * 2 + 1]!)) : rocAucOvr(yTrue, m);
    },
    logLoss: () => logLoss(yTrue, matrix()),
  };
  const { values, unavailable } = measure(names, formulas, yTrue.length);
  // With more than two classes F1 is their macro average, which evaluation records as f1Macro.
  if (k > 2 && "f1" in values) {
    values.f1Macro = values.f1!;
    delete values.f1;
  }
  return { values, unavailable, unknownLabels };
}

function regressionMetrics(window: LabelledWindow, names: readonly string[]) {
  const yTrue: number[] = [];
  const yPred: number[] = [];
  let unknownLabels = 0;
  for (let i = 0; i < window.labels.values.length; i++) {
    const label = Number(window.labels.values[i]);
    const predicted = Number(window.predictions.values[i]);
    if (window.labels.values[i] === null || !Number.isFinite(label) || !Number.isFinite(predicted)) {
      unknownLabels++;
      continue;
    }
    yTrue.push(label);
    yPred.push(predicted);
  }
  const formulas: Record<string, () => number> = {
    rmse: () => rootMeanSquaredError(yTrue, yPred),
    mae: () => meanAbsoluteError(yTrue, yPred),
    r2: () => r2(yTrue, yPred),
  };
  return { ...measure(names, formulas, yTrue.length), unknownLabels };
}

function measure(names: readonly string[], formulas: Record<string, () => number>, rows: number) {
  const values: Record<string, number> = {};
  const unavailable: Record<string, string> = {};
  if (rows === 0) return { values, unavailable };
  for (const name of names) {
    const formula = formulas[name];
    if (!formula) {
      unavailable[name] = "not measured on live predictions";
      continue;
    }
    try {
      const value = formula();
      if (Number.isFinite(value)) values[name] = value;
      else unavailable[name] = "not defined on this window";
    } catch (error) {
      unavailable[name] = (error as Error).message;
    }
  }
  return { values, unavailable };
}

/**
 * A label or prediction to its class's index. The log may hold a number class as text ("1"
 * or "1.0", when a window mixes types), so numbers are matched by value.
 */
function classIndex(classes: readonly (string | number)[]): (value: unknown) => number | undefined {
  const byKey = new Map<string, number>(classes.map((c, i) => [key(c), i]));
  const numeric = classes.every((c) => typeof c === "number");
  return (value) => {
    if (value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))) return undefined;
    if (numeric && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) return byKey.get(key(Number(value)));
    return byKey.get(key(value as string | number));
  };
}

const key = (value: string | number) => (typeof value === "number" ? `n:${value}` : `s:${value}`);
