/**
 * Runs: the table of `conveyor runs list --where`, searched, sorted and paged by the server
 * (GET /api/v1/runs/search), so it stays as quick at 10,000 runs as at ten. The filter, sort and
 * page live in the URL: a view can be bookmarked and the back button goes back to it.
 */
import { type FormEvent, useEffect, useState } from "react";
import type { Page, RunSummary } from "../api/types.ts";
import { useFetch } from "../api/use-fetch.ts";
import { ErrorNote } from "../components/error-note.tsx";
import { formatDuration, formatTime, formatValue } from "../components/format.ts";
import { Status } from "../components/status.tsx";
import { useTitle } from "../components/title.ts";
import { Link, navigate } from "../router.tsx";

const PAGE = 50;

/** Columns the server sorts by (the filter language's field names). */
const COLUMNS: { label: string; field?: string }[] = [
  { label: "Compare" },
  { label: "Run", field: "id" },
  { label: "Pipeline", field: "pipeline" },
  { label: "Experiment", field: "experiment" },
  { label: "Status", field: "status" },
  { label: "Created", field: "created" },
  { label: "Duration" },
  { label: "Params" },
  { label: "Metrics" },
];

function withQuery(changes: Record<string, string | undefined>, current: URLSearchParams): string {
  const query = new URLSearchParams(current);
  for (const [key, value] of Object.entries(changes)) {
    if (value) query.set(key, value);
    else query.delete(key);
  }
  const text = query.toString();
  return text ? `/?${text}` : "/";
}

function summary(values: Record<string, unknown>): string {
  return Object.entries(values)
    .map(([key, value]) => `${key}=${formatValue(value as never)}`)
    .join(" ");
}

function metricSummary(metrics: RunSummary["metrics"]): string {
  return Object.entries(metrics)
    .flatMap(([task, values]) => Object.entries(values).map(([name, value]) => `${task}.${name}=${formatValue(value)}`))
    .join(" ");
}

export function RunsPage({ query }: { query: URLSearchParams }) {
  useTitle("Runs");
  const where = query.get("where") ?? "";
  const sort = query.get("sort") ?? "";
  const cursor = query.get("cursor") ?? "";
  const offset = Number(query.get("from") ?? "0");
  const search = new URLSearchParams({ limit: String(PAGE) });
  if (where) search.set("where", where);
  if (sort) search.set("sort", sort);
  if (cursor) search.set("cursor", cursor);
  const runs = useFetch<Page<RunSummary> & { total: number }>(`/runs/search?${search}`);
  const [draft, setDraft] = useState(where);
  // The back button changes the URL's filter: the field follows it.
  useEffect(() => setDraft(where), [where]);
  const [chosen, setChosen] = useState<string[]>([]);
  const toggle = (id: string) => setChosen((all) => (all.includes(id) ? all.filter((x) => x !== id) : [...all, id]));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    navigate(withQuery({ where: draft.trim(), cursor: undefined, from: undefined }, query));
  };
  const sortBy = (field: string) => {
    const next = sort === field ? `-${field}` : sort === `-${field}` ? undefined : field;
    navigate(withQuery({ sort: next, cursor: undefined, from: undefined }, query));
  };
  const nextCursor = runs.data?.next ? new URL(runs.data.next, location.origin).searchParams.get("cursor") : null;

  return (
    <section aria-labelledby="runs-title">
      <h1 id="runs-title">Runs</h1>
      <form className="filter" onSubmit={apply} aria-label="filter runs">
        <label htmlFor="where">Filter</label>
        <input
          id="where"
          name="where"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder='status = "failed" and metrics.evaluate.auc > 0.9'
          aria-describedby="where-help"
          spellCheck={false}
        />
        <button type="submit">Apply</button>
        <p id="where-help" className="help">
          As <code>conveyor runs list --where</code>: <code>metrics.&lt;task&gt;.&lt;name&gt;</code>, <code>params.&lt;name&gt;</code>,{" "}
          <code>tags.&lt;name&gt;</code>, <code>status</code>, <code>experiment</code>, <code>pipeline</code>, <code>created</code>… joined with{" "}
          <code>and</code> / <code>or</code>.
        </p>
      </form>
      {runs.error !== undefined && <ErrorNote error={runs.error} title="The runs could not be listed" />}
      {runs.data && (
        <>
          <p className="count" aria-live="polite">
            {runs.data.total === 0
              ? "No runs match."
              : `Runs ${offset + 1}–${offset + runs.data.items.length} of ${runs.data.total.toLocaleString()}`}
          </p>
          <div className="table-scroll">
            <table className="runs">
              <thead>
                <tr>
                  {COLUMNS.map(({ label, field }) => {
                    const direction = !field ? undefined : (sort === field ? "ascending" : sort === `-${field}` ? "descending" : undefined);
                    return (
                      <th key={label} scope="col" aria-sort={direction ?? "none"}>
                        {field ? (
                          <button type="button" className="sort" onClick={() => sortBy(field)} title={`sort by ${label.toLowerCase()}`}>
                            {label}
                            {direction === "ascending" ? " ▲" : direction === "descending" ? " ▼" : ""}
                          </button>
                        ) : (
                          label
                        )}
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody>
                {runs.data.items.map((run) => (
                  <tr key={run.id}>
                    <td>
                      <input type="checkbox" aria-label={`compare run ${run.id}`} checked={chosen.includes(run.id)} onChange={() => toggle(run.id)} />
                    </td>
                    <td>
                      <Link href={`/runs/${run.id}`} className="mono">
                        {run.id}
                      </Link>
                    </td>
                    <td>{run.pipelineName}</td>
                    <td>{run.experiment}</td>
                    <td>
                      <Status status={run.status} />
                    </td>
                    <td>{formatTime(run.createdAt)}</td>
                    <td>{formatDuration(run.startedAt, run.endedAt)}</td>
                    <td className="small">{summary(run.params)}</td>
                    <td className="small">{metricSummary(run.metrics)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label="pages of runs">
            {/* The API pages forwards only (its cursor is opaque); the browser's back button goes back a page. */}
            <button type="button" disabled={offset === 0} onClick={() => navigate(withQuery({ cursor: undefined, from: undefined }, query))}>
              First page
            </button>
            <button
              type="button"
              disabled={!nextCursor}
              onClick={() => nextCursor && navigate(withQuery({ cursor: nextCursor, from: String(offset + runs.data!.items.length) }, query))}
            >
              Next
            </button>
            <button type="button" disabled={chosen.length < 2} onClick={() => navigate(`/compare?runs=${chosen.join(",")}`)}>
              Compare {chosen.length > 0 ? chosen.length : ""} runs
            </button>
          </nav>
        </>
      )}
      {runs.loading && !runs.data && <p aria-busy="true">Loading runs…</p>}
    </section>
  );
}
