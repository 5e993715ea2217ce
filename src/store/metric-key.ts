/**
 * Metrics belong to the task that logged them: two tasks of a run may log the same name (two
 * evaluations, a cross-validation score beside a test score), and neither hides the other.
 * A query names one as `metrics.<task>.<name>`, or as `metrics.<name>` where exactly one task
 * of the run logged that name. Task and metric names may both hold dots (an inlined
 * pipeline's task is "<pipeline>.<task>"), so a key is not split by its text but matched
 * against what the run holds: it names a metric when it is the metric's name or
 * "<task>.<name>".
 */
import { ConveyorError } from "../errors.ts";
import { fieldText } from "./query/ast.ts";

/** Where a metric logged without a task (by a store client, not a pipeline or `startRun`) is kept. */
export const RUN_METRICS_TASK = "(run)";

/** The latest value of each metric of a run, by task name, then metric name. */
export type TaskMetrics = Record<string, Record<string, number>>;

export interface MetricAddress {
  /** Undefined: any task (a bare name). */
  task?: string;
  name: string;
}

export interface FoundMetric {
  task: string;
  name: string;
  value: number;
}

/** Adds one task's metric to a run's. */
export function setMetric(metrics: TaskMetrics, task: string, name: string, value: number): void {
  const values = metrics[task] ?? {};
  values[name] = value;
  metrics[task] = values;
}

/** Every reading of a key: the bare name, and "<task>.<name>" split at each dot. */
export function metricAddresses(key: string): MetricAddress[] {
  const addresses: MetricAddress[] = [{ name: key }];
  for (let dot = key.indexOf("."); dot !== -1; dot = key.indexOf(".", dot + 1)) {
    if (dot > 0 && dot < key.length - 1) addresses.push({ task: key.slice(0, dot), name: key.slice(dot + 1) });
  }
  return addresses;
}

/** How a user writes one task's metric in a filter: `metrics.evaluate.accuracy`. */
export function qualifiedMetric(task: string, name: string): string {
  return fieldText({ kind: "metric", key: `${task}.${name}` });
}

/** The metrics of a run that a key names (more than one: it is ambiguous). */
export function matchingMetrics(metrics: TaskMetrics, key: string): FoundMetric[] {
  const found: FoundMetric[] = [];
  for (const [task, values] of Object.entries(metrics)) {
    for (const [name, value] of Object.entries(values)) {
      if (name === key || `${task}.${name}` === key) found.push({ task, name, value });
    }
  }
  return found;
}

/** The metric a key names in a run; undefined when none does; a ConveyorError when several do. */
export function pickMetric(metrics: TaskMetrics, key: string): FoundMetric | undefined {
  const found = matchingMetrics(metrics, key);
  if (found.length > 1) throw ambiguousMetric(key, found);
  return found[0];
}

export function ambiguousMetric(key: string, candidates: readonly Omit<FoundMetric, "value">[]): ConveyorError {
  const names = [...new Set(candidates.map((c) => qualifiedMetric(c.task, c.name)))].sort();
  return new ConveyorError(
    `${fieldText({ kind: "metric", key })} is ambiguous: more than one task of a run logged it (${names.join(", ")})`,
    `name the task that logged it: write ${names.join(" or ")} instead of ${fieldText({ kind: "metric", key })}`,
    "ambiguous_metric",
  );
}

/** The run's metrics as one level, each under the name that addresses it: "<task>.<name>". */
export function flatMetrics(metrics: TaskMetrics): Record<string, number> {
  const flat: Record<string, number> = {};
  for (const [task, values] of Object.entries(metrics)) {
    for (const [name, value] of Object.entries(values)) flat[`${task}.${name}`] = value;
  }
  return flat;
}
