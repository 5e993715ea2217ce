/** A curve (ROC, precision-recall) drawn by uPlot, one line per class, axes from 0 to 1. */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Curve {
  label: string;
  x: number[];
  y: number[];
}

const COLORS = ["#2456c7", "#c62828", "#1f8a4c", "#9c6b00", "#6c4fc2", "#00838f"];

/** uPlot joins points in x order over one shared x: the curves' points are merged onto it, each curve null where it has no point. */
function aligned(curves: Curve[]): uPlot.AlignedData {
  const xs = [...new Set(curves.flatMap((c) => c.x))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const series = curves.map((c) => {
    const ys: (number | null)[] = xs.map(() => null);
    // At one x a curve may have several points (a vertical step); the highest keeps its shape's envelope.
    c.x.forEach((x, i) => {
      const slot = at.get(x) as number;
      ys[slot] = Math.max(ys[slot] ?? Number.NEGATIVE_INFINITY, c.y[i] as number);
    });
    return ys;
  });
  return [xs, ...series];
}

export function CurveChart({ title, xLabel, yLabel, curves }: { title: string; xLabel: string; yLabel: string; curves: Curve[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.min(480, el.clientWidth || 480);
    const plot = new uPlot(
      {
        title,
        width,
        height: Math.round(width * 0.75),
        scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
        axes: [{ label: xLabel }, { label: yLabel }],
        series: [{ label: xLabel }, ...curves.map((c, i) => ({ label: c.label, stroke: COLORS[i % COLORS.length], spanGaps: true, width: 2 }))],
      },
      aligned(curves),
      el,
    );
    return () => plot.destroy();
  }, [title, xLabel, yLabel, curves]);
  return <figure className="chart" ref={box} aria-label={`${title}: ${yLabel} against ${xLabel}, ${curves.map((c) => c.label).join(", ")}`} />;
}
