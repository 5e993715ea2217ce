/** Runs side by side: each parameter and metric as a row, one column per run, differences marked. */
import pc from "picocolors";
import { canonicalJson } from "../ir/canonical.ts";
import { flatMetrics } from "../store/metric-key.ts";
import type { Json, MetadataStore, RunRecord } from "../store/types.ts";
import { table, valueText } from "../cli/format.ts";

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

/** A "≠" in the first column and the values in yellow mark the rows that differ. */
export function renderComparison(c: RunComparison): string {
  const different = new Set(c.different);
  const section = (prefix: string, rows: Record<string, (Json | null)[]>) =>
    Object.entries(rows).map(([name, values]) => {
      const field = `${prefix}.${name}`;
      const marked = different.has(field);
      const cells = values.map((v) => (v === null ? pc.dim("—") : marked ? pc.yellow(valueText(v)) : valueText(v)));
      return [marked ? pc.yellow("≠") : " ", marked ? pc.bold(field) : field, ...cells];
    });
  const rows = [...section("params", c.params), ...section("metrics", c.metrics)];
  const header = [" ", pc.dim("run"), ...c.runs.map((r) => pc.bold(r.id))];
  const subheader = [" ", pc.dim("experiment"), ...c.runs.map((r) => pc.dim(r.experiment))];
  const status = [" ", pc.dim("status"), ...c.runs.map((r) => pc.dim(r.status))];
  const summary = c.different.length === 0 ? "no differences in params or metrics" : `${c.different.length} of ${rows.length} rows differ (marked ≠)`;
  return `${table([header, subheader, status, ...rows])}\n\n${pc.dim(summary)}`;
}
