import type { Kysely, SqlBool } from "kysely";
import { parseFilter } from "../query/parse-filter.ts";
import { parseSort } from "../query/parse-sort.ts";
import { setMetric, type TaskMetrics } from "../metric-key.ts";
import { type FilterExpr, filterFields } from "../query/ast.ts";
import type { RunSearch, TrackingStore } from "../tracking-types.ts";
import type { StoreContext } from "./context.ts";
import { filterSql, sortSql } from "./filter-sql.ts";
import { checkMetricKeys, type RunScope } from "./metric-keys.ts";
import { toRunRecord } from "./rows.ts";
import { sql } from "./runtime.ts";
import type { Tables } from "./tables.ts";

/** SQLite accepts OFFSET only after a LIMIT: this one stands for "no limit" on both backends. */
const NO_LIMIT = Number.MAX_SAFE_INTEGER;
/** Above this many runs found by a search without conditions, their tags and metrics are read by a plain scan rather than looked up by id. */
const PAGE = 500;

/** The runs of the experiment, pipeline and status searched; undefined when it names none. */
function scopeQuery(db: Kysely<Tables>, search: RunSearch): RunScope | undefined {
  if (search.experiment === undefined && search.pipelineName === undefined && search.status === undefined) return undefined;
  let query = db.selectFrom("runs");
  if (search.experiment !== undefined) query = query.where("runs.experiment", "=", search.experiment);
  if (search.pipelineName !== undefined) query = query.where("runs.pipeline_name", "=", search.pipelineName);
  if (search.status !== undefined) query = query.where("runs.status", "=", search.status);
  return query;
}

function searchQuery(db: Kysely<Tables>, search: RunSearch, where: FilterExpr | undefined) {
  const query = scopeQuery(db, search) ?? db.selectFrom("runs");
  return where ? query.where(filterSql(where)) : query;
}

/**
 * The search's filter and sort parsed, and its metric keys checked against the runs it
 * searches: a malformed filter costs no query, an ambiguous key one per key named.
 */
async function prepareSearch(db: Kysely<Tables>, search: RunSearch) {
  const where = search.where === undefined ? undefined : parseFilter(search.where);
  const sort = search.sort === undefined ? [] : parseSort(search.sort);
  const metricKeys = [...filterFields(where), ...sort.map((k) => k.field)].flatMap((f) => (f.kind === "metric" ? [f.key] : []));
  await checkMetricKeys(db, scopeQuery(db, search), metricKeys);
  return { where, sort };
}

export function runSearchQueries({ db, dialect }: StoreContext): Pick<TrackingStore, "searchRuns" | "countRuns"> {
  /** Tags and latest metrics of the runs found, looked up by their ids (one bound list). */
  async function extras(search: RunSearch, ids: string[]) {
    const tags = new Map<string, Record<string, string>>(ids.map((id) => [id, {}]));
    const metrics = new Map<string, TaskMetrics>(ids.map((id) => [id, {}]));
    if (ids.length === 0) return { tags, metrics };
    // A search without conditions wants every run's: a plain scan, with no subquery to test each row against.
    const everyRun = ids.length > PAGE && [search.experiment, search.pipelineName, search.status, search.where].every((c) => c === undefined);
    let tagQuery = db.selectFrom("run_tags").select(["run_id", "key", "value"]);
    let metricQuery = db.selectFrom("run_latest_metrics").select(["run_id", "task", "name", "value"]);
    if (!everyRun) {
      const found = sql<SqlBool>`run_id in ${dialect.stringList(ids)}`;
      tagQuery = tagQuery.where(found);
      metricQuery = metricQuery.where(found);
    }
    const [tagRows, metricRows] = await Promise.all([tagQuery.execute(), metricQuery.execute()]);
    for (const r of tagRows) {
      const of = tags.get(r.run_id);
      if (of) of[r.key] = r.value;
    }
    for (const r of metricRows) {
      const of = metrics.get(r.run_id);
      if (of) setMetric(of, r.task, r.name, r.value);
    }
    return { tags, metrics };
  }

  return {
    async searchRuns(search) {
      const { where, sort } = await prepareSearch(db, search);
      let query = searchQuery(db, search, where).selectAll("runs");
      for (const term of sortSql(sort)) query = query.orderBy(term);
      query = query.orderBy("runs.id", "desc");
      if (search.limit !== undefined || search.offset !== undefined) query = query.limit(search.limit ?? NO_LIMIT);
      if (search.offset !== undefined) query = query.offset(search.offset);
      const rows = await query.execute();
      const { tags, metrics } = await extras(search, rows.map((r) => r.id));
      // Extended in place rather than spread into a new object: a third of the time for 10,000 runs.
      return rows.map((r) => Object.assign(toRunRecord(r), { tags: tags.get(r.id) ?? {}, metrics: metrics.get(r.id) ?? {} }));
    },

    async countRuns(search) {
      const { where } = await prepareSearch(db, search);
      const row = await searchQuery(db, search, where)
        .select((eb) => eb.fn.countAll<number | string>().as("count"))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}
