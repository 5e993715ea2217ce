/** One metric's history in several runs, overlaid on one uPlot chart: x is the step (or the point's order without one). */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  points: { x: number; y: number }[];
}

const COLOURS = ["#2456c7", "#c62828", "#1f8a4c", "#9c6b00", "#6c4fc2", "#00838f", "#ad1457", "#5d4037"];

/** uPlot wants one sorted x array shared by every series, with null where a series has no point. */
export function aligned(series: Series[]): uPlot.AlignedData {
  const xs = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = series.map((s) => {
    const column: (number | null)[] = xs.map(() => null);
    for (const p of s.points) column[index.get(p.x) as number] = p.y;
    return column;
  });
  return [xs, ...ys];
}

export function MetricChart({ title, series }: { title: string; series: Series[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const chart = new uPlot(
      {
        title,
        width: Math.max(280, element.clientWidth),
        height: 280,
        scales: { x: { time: false } },
        series: [{ label: "step" }, ...series.map((s, i) => ({ label: s.label, stroke: COLOURS[i % COLOURS.length], spanGaps: true, width: 2 }))],
      },
      aligned(series),
      element,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(280, element.clientWidth), height: 280 }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [title, series]);
  return <div ref={box} className="chart" role="img" aria-label={`${title}: history in ${series.length} runs`} />;
}
