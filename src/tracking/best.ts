/** The best run by a metric: the top of a search sorted by it. */
import { pickMetric } from "../store/metric-key.ts";
import { fieldText } from "../store/query/ast.ts";
import type { RunSearch, RunSummary } from "../store/tracking-types.ts";
import type { MetadataStore } from "../store/types.ts";

export interface BestRunOptions extends Pick<RunSearch, "experiment" | "where"> {
  /** Lowest wins (a loss) instead of highest (an accuracy). */
  minimize?: boolean;
}

/**
 * Undefined when no run (matching the filter) has the metric. `metric` is "<task>.<name>", or a
 * name only one task of each run of the experiment logged (else a ConveyorError, code
 * "ambiguous_metric", lists the candidates).
 */
export async function bestRun(store: Pick<MetadataStore, "searchRuns">, metric: string, options: BestRunOptions = {}): Promise<RunSummary | undefined> {
  const { minimize, ...search } = options;
  const field = fieldText({ kind: "metric", key: metric });
  const [top] = await store.searchRuns({ ...search, sort: `${minimize ? "" : "-"}${field}`, limit: 1 });
  // Runs without the metric sort last, so the top one lacks it only when all do.
  return top && pickMetric(top.metrics, metric) ? top : undefined;
}
