/**
 * Runs side by side (GET /runs/compare): each param and final metric in a row, one column per
 * run, the rows whose values differ highlighted; and a metric's history in every run overlaid.
 */
import { useEffect, useMemo, useState } from "react";
import { get } from "../../api/client.ts";
import type { Json, Page } from "../../api/types.ts";
import { useFetch } from "../../api/use-fetch.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { formatValue } from "../../components/format.ts";
import { Status } from "../../components/status.tsx";
import { useTitle } from "../../components/title.ts";
import { Link } from "../../router.tsx";
import { MetricChart, type Series } from "./metric-chart.tsx";

interface Comparison {
  runs: { id: string; experiment: string; pipeline: string; status: string }[];
  params: Record<string, Json[]>;
  metrics: Record<string, (number | null)[]>;
  different: string[];
}

interface MetricPoint {
  name: string;
  value: number;
  step: number | null;
  task: string | null;
}

function Rows({ prefix, values, different }: { prefix: string; values: Record<string, (Json | null)[]>; different: Set<string> }) {
  return (
    <>
      {Object.entries(values).map(([name, row]) => {
        const differs = different.has(`${prefix}.${name}`);
        return (
          <tr key={name} className={differs ? "differs" : undefined}>
            <th scope="row">
              {name}
              {differs && <span className="differs-mark" title="the runs differ here"> ≠</span>}
            </th>
            {row.map((value, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: one cell per run, in the runs' order
              <td key={i} className="mono">
                {formatValue(value ?? undefined)}
              </td>
            ))}
          </tr>
        );
      })}
    </>
  );
}

function History({ runs, metric }: { runs: string; metric: string }) {
  const [series, setSeries] = useState<Series[] | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    setSeries(undefined);
    setError(undefined);
    let current = true;
    Promise.all(
      runs.split(",").map(async (id) => {
        const points = (await get<Page<MetricPoint>>(`/runs/${id}/metrics?limit=1000`)).items.filter((p) => `${p.task ?? "(run)"}.${p.name}` === metric);
        return { label: id, points: points.map((p, i) => ({ x: p.step ?? i, y: p.value })) };
      }),
    ).then(
      (read) => current && setSeries(read),
      (e: unknown) => current && setError(e),
    );
    return () => {
      current = false;
    };
  }, [runs, metric]);
  if (error !== undefined) return <ErrorNote error={error} title="The metric's history could not be read" />;
  if (!series) return <p aria-busy="true">Loading {metric}…</p>;
  return <MetricChart title={metric} series={series} />;
}

export function ComparePage({ query }: { query: URLSearchParams }) {
  useTitle("Compare runs");
  const ids = useMemo(() => (query.get("runs") ?? "").split(",").filter(Boolean), [query]);
  const comparison = useFetch<Comparison>(ids.length >= 2 ? `/runs/compare?runs=${ids.map(encodeURIComponent).join(",")}` : undefined);
  const [metric, setMetric] = useState("");
  if (ids.length < 2) {
    return (
      <section>
        <h1>Compare runs</h1>
        <p role="alert">Choose two runs or more on the <Link href="/">runs page</Link> to compare them.</p>
      </section>
    );
  }
  if (comparison.error !== undefined) return <ErrorNote error={comparison.error} title="The runs could not be compared" />;
  const c = comparison.data;
  if (!c) return <p aria-busy="true">Comparing…</p>;
  const different = new Set(c.different);
  const metrics = Object.keys(c.metrics);
  const shown = metric || metrics[0] || "";
  return (
    <section aria-labelledby="compare-title">
      <h1 id="compare-title">Compare {c.runs.length} runs</h1>
      <div className="table-scroll">
        <table aria-label="comparison">
          <thead>
            <tr>
              <th scope="col">Run</th>
              {c.runs.map((r) => (
                <th key={r.id} scope="col">
                  <Link href={`/runs/${r.id}`} className="mono">
                    {r.id}
                  </Link>{" "}
                  <Status status={r.status} />
                  <div className="small muted">{r.pipeline}</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="rowgroup" colSpan={c.runs.length + 1}>
                Params
              </th>
            </tr>
            <Rows prefix="params" values={c.params} different={different} />
            <tr>
              <th scope="rowgroup" colSpan={c.runs.length + 1}>
                Final metrics
              </th>
            </tr>
            <Rows prefix="metrics" values={c.metrics} different={different} />
          </tbody>
        </table>
      </div>
      {metrics.length > 0 && (
        <>
          <div className="field">
            <label htmlFor="metric">Metric history</label>
            <select id="metric" value={shown} onChange={(e) => setMetric(e.target.value)}>
              {metrics.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
          </div>
          <History runs={c.runs.map((r) => r.id).join(",")} metric={shown} />
        </>
      )}
    </section>
  );
}
