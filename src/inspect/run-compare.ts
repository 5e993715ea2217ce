/** Runs side by side: each parameter and metric as a row, one column per run, the rows that differ named. */
import { canonicalJson } from "../ir/canonical.ts";
import type { Json } from "../json.ts";
import { flatMetrics } from "../store/metric-key.ts";
import type { MetadataStore, RunRecord } from "../store/types.ts";

export interface RunComparison {
  runs: { id: string; experiment: string; pipeline: string; status: string }[];
  /** Name → one value per run (null where a run lacks it). */
  params: Record<string, (Json | null)[]>;
  /** The latest value of each metric, per run, by "<task>.<name>": two tasks' metrics of one name are two rows. */
  metrics: Record<string, (number | null)[]>;
  /** `params.<name>` and `metrics.<task>.<name>` whose values are not all the same. */
  different: string[];
}

function rowsOf<T>(perRun: Record<string, T>[]): Record<string, (T | null)[]> {
  const names = [...new Set(perRun.flatMap((values) => Object.keys(values)))].sort();
  return Object.fromEntries(names.map((name) => [name, perRun.map((values) => values[name] ?? null)]));
}

function differs(values: unknown[]): boolean {
  return new Set(values.map((v) => canonicalJson(v))).size > 1;
}

export async function compareRuns(store: Pick<MetadataStore, "latestMetrics">, runs: RunRecord[]): Promise<RunComparison> {
  const metrics = rowsOf((await Promise.all(runs.map((r) => store.latestMetrics(r.id)))).map(flatMetrics));
  const params = rowsOf(runs.map((r) => r.params));
  return {
    runs: runs.map((r) => ({ id: r.id, experiment: r.experiment, pipeline: r.pipelineName, status: r.status })),
    params,
    metrics,
    different: [
      ...Object.entries(params).filter(([, v]) => differs(v)).map(([name]) => `params.${name}`),
      ...Object.entries(metrics).filter(([, v]) => differs(v)).map(([name]) => `metrics.${name}`),
    ],
  };
}
