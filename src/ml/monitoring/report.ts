/** What judging a window of data produces: the machine-readable report every renderer and reader takes. */
import type { Json } from "../../json.ts";
import type { WindowDrift } from "../drift/index.ts";
import type { QualityReport } from "./data-quality.ts";
import type { Histogram } from "./histograms.ts";
import type { PerformanceReport } from "./live-performance.ts";

export interface MonitoringReport {
  readonly title: string;
  /** What the report is about (monitor, window, deployment, model version, reference...), shown as given. */
  readonly context: Readonly<Record<string, Json>>;
  /** "notJudged": too few rows to say anything; the drift and performance verdicts are then false. */
  readonly status: "judged" | "notJudged";
  readonly reason: string | null;
  readonly rows: number;
  readonly drift: WindowDrift;
  /** Drift over consecutive windows: this window's streak, the K asked for, and whether it is reached. */
  readonly streak: { readonly streak: number; readonly windows: number; readonly driftDetected: boolean };
  readonly quality: QualityReport;
  /** Null when nothing was measured (no labels asked for or none joined). */
  readonly performance: PerformanceReport | null;
  readonly histograms: readonly Histogram[];
}

/** The report as JSON text: an infinite statistic (chi-square of a category the reference lacks) becomes null. */
export function reportJson(report: MonitoringReport): string {
  return JSON.stringify(report, (_, value) => (typeof value === "number" && !Number.isFinite(value) ? null : value), 2);
}
