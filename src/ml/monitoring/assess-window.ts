/**
 * Judges one window of current data against a profiled reference: drift per column (with the
 * columns' own methods, the correction for many columns and the dataset's drift share), the
 * drift streak over consecutive windows, data quality, and live performance when labels are
 * given. A window whose columns all have too few values is reported "not judged": its streak
 * stays as it was and no performance is measured on it.
 */
import type { Json } from "../../json.ts";
import { advanceDriftStreak, type DriftStreak, type ReferenceProfile } from "../drift/index.ts";
import type { Table } from "../table.ts";
import { checkQuality, type QualityOptions } from "./data-quality.ts";
import { histogram } from "./histograms.ts";
import { type JudgeColumnsOptions, judgeColumns } from "./judge-columns.ts";
import { type LabelledWindow, measurePerformance, type PerformanceOptions } from "./live-performance.ts";
import type { MonitoringReport } from "./report.ts";

export interface WindowAssessment {
  readonly title: string;
  readonly context: Readonly<Record<string, Json>>;
  readonly profile: ReferenceProfile;
  /** The window's columns under the reference's names. */
  readonly window: Table;
  readonly drift: JudgeColumnsOptions;
  readonly quality: QualityOptions;
  /** The window's labelled rows, when performance is measured. */
  readonly labelled?: LabelledWindow;
  readonly performance?: PerformanceOptions;
  /** The streak before this window. */
  readonly streak: DriftStreak;
}

export async function assessWindow(input: WindowAssessment): Promise<{ report: MonitoringReport; streak: DriftStreak }> {
  const drift = await judgeColumns(input.profile, input.window, input.drift);
  const streak = advanceDriftStreak(input.streak, drift);
  const judged = drift.status === "judged";
  const histograms = judged
    ? input.drift.columns.flatMap((name) => {
        const reference = input.profile.columns.find((c) => c.name === name);
        const current = input.window.columns.find((c) => c.name === name);
        return reference && current && reference.type === current.type ? [histogram(reference, current)] : [];
      })
    : [];
  const report: MonitoringReport = {
    title: input.title,
    context: input.context,
    status: drift.status,
    reason: judged ? null : `${input.window.rowCount} rows: no column has the minimum of ${input.drift.minWindowSize ?? 30} values to be judged`,
    rows: input.window.rowCount,
    drift,
    streak: { streak: streak.streak, windows: streak.windows, driftDetected: judged && streak.alert },
    quality: checkQuality(input.profile, input.window, input.quality),
    performance: judged && input.labelled ? measurePerformance(input.labelled, input.performance) : null,
    histograms,
  };
  return { report, streak };
}

/** The figures of a report kept as metric history: drift share, each column's statistic, the performance metrics. */
export function reportFigures(report: MonitoringReport): Record<string, number> {
  const figures: Record<string, number> = { rows: report.rows };
  if (report.status === "notJudged") return figures;
  figures.driftShare = report.drift.share;
  figures.driftedColumns = report.drift.driftedColumns;
  for (const column of report.drift.columns) {
    if (column.status === "judged") figures[`drift.${column.column}`] = column.statistic;
  }
  figures.qualityFailures = report.quality.checks.filter((c) => !c.passed).length;
  if (report.performance?.status === "judged") {
    for (const metric of report.performance.metrics) figures[`performance.${metric.name}`] = metric.value;
  }
  return figures;
}
