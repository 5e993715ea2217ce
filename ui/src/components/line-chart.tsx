/** Lines over one shared x, drawn by uPlot: curves (ROC, precision-recall) and figures over time (a monitor's drift per window). */
import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  /** One value per x; null where the series has no point (the line spans the gap). */
  values: (number | null)[];
}

const COLORS = ["#2456c7", "#c62828", "#1f8a4c", "#9c6b00", "#6c4fc2", "#00838f", "#ad1457", "#5d4037"];

interface Props {
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  series: Series[];
  /** Both axes from 0 to 1 (rates), rather than fitted to the data. */
  unit?: boolean;
}

export function LineChart({ title, xLabel, yLabel, x, series, unit = false }: Props) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = Math.min(unit ? 480 : 720, el.parentElement?.clientWidth || 480);
    const plot = new uPlot(
      {
        title,
        width,
        height: unit ? Math.round(width * 0.75) : 280,
        scales: unit ? { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } } : { x: { time: false } },
        axes: [{ label: xLabel }, { label: yLabel }],
        series: [{ label: xLabel }, ...series.map((s, i) => ({ label: s.label, stroke: COLORS[i % COLORS.length], spanGaps: true, width: 2 }))],
      },
      [x, ...series.map((s) => s.values)],
      el,
    );
    return () => plot.destroy();
  }, [title, xLabel, yLabel, x, series, unit]);
  return <figure className="chart" ref={box} aria-label={`${title}: ${yLabel} against ${xLabel}, ${series.map((s) => s.label).join(", ")}`} />;
}
