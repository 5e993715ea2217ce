/**
 * A search may name a metric by its name alone only where one task of a run logged it: the
 * runs it searches are checked before it runs, so a filter or sort never silently takes one
 * task's value for another's (see store/metric-key.ts).
 */
import type { Kysely, SelectQueryBuilder } from "kysely";
import { ambiguousMetric } from "../metric-key.ts";
import { metricKeySql } from "./filter-sql.ts";
import type { Tables } from "./tables.ts";

/** The runs searched, before the filter. */
export type RunScope = SelectQueryBuilder<Tables, "runs", object>;

/**
 * Throws a ConveyorError (code "ambiguous_metric") listing the candidates when a key names
 * more than one metric of a run in `scope` (undefined: every run). The filter
 * itself does not narrow what is checked: which runs it keeps depends on what the key means.
 */
export async function checkMetricKeys(db: Kysely<Tables>, scope: RunScope | undefined, keys: readonly string[]): Promise<void> {
  for (const key of new Set(keys)) {
    let clash = db
      .selectFrom("run_latest_metrics")
      .select("run_id")
      .where(metricKeySql(key))
      .groupBy("run_id")
      .having((eb) => eb.fn.countAll(), ">", 1)
      .limit(1);
    if (scope) clash = clash.where("run_id", "in", scope.select("runs.id"));
    const run = await clash.executeTakeFirst();
    if (!run) continue;
    const candidates = await db.selectFrom("run_latest_metrics").select(["task", "name"]).where("run_id", "=", run.run_id).where(metricKeySql(key)).execute();
    throw ambiguousMetric(key, candidates);
  }
}
