/** Curves (ROC, precision-recall), one line per class, on axes from 0 to 1. */
import { useMemo } from "react";
import { LineChart, type Series } from "../../components/line-chart.tsx";

export interface Curve {
  label: string;
  x: number[];
  y: number[];
}

/** uPlot joins points in x order over one shared x: the curves' points are merged onto it, each curve null where it has no point. */
function aligned(curves: Curve[]): { x: number[]; series: Series[] } {
  const x = [...new Set(curves.flatMap((c) => c.x))].sort((a, b) => a - b);
  const at = new Map(x.map((value, i) => [value, i]));
  const series = curves.map((c) => {
    const values: (number | null)[] = x.map(() => null);
    // At one x a curve may have several points (a vertical step); the highest keeps its envelope.
    c.x.forEach((value, i) => {
      const slot = at.get(value) as number;
      values[slot] = Math.max(values[slot] ?? Number.NEGATIVE_INFINITY, c.y[i] as number);
    });
    return { label: c.label, values };
  });
  return { x, series };
}

export function CurveChart({ title, xLabel, yLabel, curves }: { title: string; xLabel: string; yLabel: string; curves: Curve[] }) {
  const { x, series } = useMemo(() => aligned(curves), [curves]);
  return <LineChart title={title} xLabel={xLabel} yLabel={yLabel} x={x} series={series} unit />;
}
