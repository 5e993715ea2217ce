import { Artifact, component, Dataset, describe, param } from "../../sdk/index.ts";
import { readDataset } from "../dataset-file.ts";

/**
 * Compares a current dataset with a reference (usually the training data): each column by
 * src/ml/drift's method for it (or the one given), with its effect size, p-values corrected for
 * the number of columns when asked, the dataset's drift from the share of columns that drifted,
 * and data quality. `driftDetected` lets a pipeline retrain only when it is needed:
 * `when(drift.outputs.driftDetected, () => ...)`. Too few rows: not judged, no drift.
 */
export const checkDrift = component({
  name: "check-drift",
  version: "1",
  isolation: "thread",
  description: "Check a dataset for drift from a reference: per-column tests with effect sizes, corrections, drift share and data quality",
  inputs: {
    reference: describe(Dataset, "the data the current data is compared with, usually the training data"),
    current: describe(Dataset, "the new data"),
    columns: param.json<string[]>({ default: [], description: "the columns compared; empty: every column of the reference" }),
    methods: param.json<Record<string, { method: string; threshold?: number }>>({ default: {}, description: 'a column\'s own method, e.g. { "age": { "method": "psi", "threshold": 0.2 } }' }),
    correction: param.string({ default: "none", description: "none, bonferroni or benjaminiHochberg" }),
    driftShare: param.number({ default: 0.5, description: "the dataset drifts when at least this share of its columns does" }),
    minWindowSize: param.int({ default: 30, min: 1, description: "a column with fewer values in the current data is not judged" }),
  },
  outputs: {
    report: describe(Artifact("application/json"), "the drift table, data quality and histograms"),
    html: describe(Artifact("text/html"), "the same as a self-contained HTML page"),
    driftDetected: param.boolean(),
    driftShare: param.number(),
  },
  run: async ({ reference, current, columns, methods, correction, driftShare, minWindowSize, report, html }, ctx) => {
    const { profileReference, startDriftStreak } = await import("../drift/index.ts");
    const { assessWindow } = await import("../monitoring/assess-window.ts");
    const { reportJson } = await import("../monitoring/report.ts");
    const { renderReportHtml } = await import("../monitoring/report-html.ts");
    const [referenceTable, currentTable] = await Promise.all([readDataset(reference), readDataset(current)]);
    const names = columns.length > 0 ? columns : referenceTable.columns.map((c) => c.name);
    const profile = profileReference(referenceTable, { columns: names });
    const assessed = await assessWindow({
      title: "Drift check",
      context: { reference: reference.digest, current: current.digest, run: ctx.runId, task: ctx.taskName },
      profile,
      window: currentTable,
      drift: { columns: names, methods: methods as never, correction: correction as never, driftShare, minWindowSize },
      quality: { columns: profile.columns.map((c) => ({ name: c.name, type: c.type })) },
      streak: startDriftStreak(1),
    });
    await report.writeText(reportJson(assessed.report));
    await html.writeText(renderReportHtml(assessed.report));
    const { drift } = assessed.report;
    ctx.metric("driftShare", drift.share);
    ctx.metric("driftedColumns", drift.driftedColumns);
    const summary = drift.status === "notJudged" ? `not judged: ${assessed.report.reason}` : `${drift.driftedColumns} of ${drift.judgedColumns} columns drifted (share ${drift.share.toFixed(3)}, threshold ${driftShare})`;
    ctx.log.info(summary);
    return { driftDetected: assessed.report.streak.driftDetected, driftShare: drift.share };
  },
});
