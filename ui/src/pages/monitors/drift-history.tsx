/** A monitor's drift over its windows: the share of drifted columns, and each column's drift statistic, one line per column. */
import { useEffect, useState } from "react";
import { get, segment } from "../../api/client.ts";
import type { MonitorFigure } from "../../api/types.ts";
import { ErrorNote } from "../../components/error-note.tsx";
import { LineChart, type Series } from "../../components/line-chart.tsx";

interface History {
  x: number[];
  share: Series[];
  columns: Series[];
}

/** Each figure's values placed by window number over every window any of them has. */
function align(figures: MonitorFigure[][], label: (name: string) => string): { x: number[]; series: Series[] } {
  const x = [...new Set(figures.flatMap((f) => f.map((p) => p.seq)))].sort((a, b) => a - b);
  const at = new Map(x.map((seq, i) => [seq, i]));
  const series = figures.map((points) => {
    const values: (number | null)[] = x.map(() => null);
    for (const p of points) values[at.get(p.seq) as number] = p.value;
    return { label: label(points[0]?.name ?? ""), values };
  });
  return { x, series };
}

export function DriftHistory({ monitor, figures }: { monitor: string; figures: string[] }) {
  const [state, setState] = useState<{ history?: History; error?: unknown }>({});
  const names = figures.filter((f) => f === "driftShare" || f.startsWith("drift.")).join("\n");
  useEffect(() => {
    const aborted = new AbortController();
    const wanted = names.split("\n").filter(Boolean);
    Promise.all(wanted.map((name) => get<MonitorFigure[]>(`/monitors/${segment(monitor)}/figures/${segment(name)}`, aborted.signal))).then(
      (all) => {
        const share = all.filter((f) => f[0]?.name === "driftShare");
        const columns = all.filter((f) => f[0]?.name.startsWith("drift."));
        const both = align([...share, ...columns], (name) => (name === "driftShare" ? "drifted share" : name.slice("drift.".length)));
        setState({ history: { x: both.x, share: both.series.slice(0, share.length), columns: both.series.slice(share.length) } });
      },
      (error: unknown) => aborted.signal.aborted || setState({ error }),
    );
    return () => aborted.abort();
  }, [monitor, names]);
  if (state.error !== undefined) return <ErrorNote error={state.error} title="Drift history" />;
  const h = state.history;
  if (!h) return <p aria-busy="true">Reading the drift history…</p>;
  if (h.x.length === 0) return <p className="muted">No window has drift figures yet.</p>;
  return (
    <div className="charts">
      {h.share.length > 0 && <LineChart title="Drifted share of columns" xLabel="window" yLabel="share" x={h.x} series={h.share} />}
      {h.columns.length > 0 && <LineChart title="Drift per column" xLabel="window" yLabel="statistic" x={h.x} series={h.columns} />}
    </div>
  );
}
