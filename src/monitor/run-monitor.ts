/**
 * Runs a monitor: judges every complete window the prediction log holds after the last one it
 * judged, each exactly once (the store records a window only while the monitor's state is the
 * one the window was read from), and stores each window's report, figures and alert.
 */
import type { ArtifactStore } from "../artifacts/types.ts";
import { durationMs } from "../compiler/duration.ts";
import { ConveyorError } from "../errors.ts";
import type { Json } from "../json.ts";
import { type DriftMethod, type DriftStreak, type PValueCorrection, profileReference, startDriftStreak } from "../ml/drift/index.ts";
import { assessWindow, reportFigures } from "../ml/monitoring/assess-window.ts";
import type { ColumnMethod } from "../ml/monitoring/judge-columns.ts";
import { readLabelledPredictions } from "../serve/prediction-log/read-predictions.ts";
import { unmatchedLabels } from "../serve/prediction-log/unmatched-labels.ts";
import type { MonitorTarget, MonitorWindowRecord } from "../store/monitor-types.ts";
import type { MetadataStore } from "../store/types.ts";
import { comparable, labelledWindow, windowTable } from "./current-data.ts";
import { type Monitor, windowSpanMs } from "./definition.ts";
import { checkReferenceSchema, loadReference, type ModelColumns, modelColumns } from "./reference-data.ts";
import { storeReport } from "./report-artifacts.ts";
import { resolveTarget } from "./target.ts";
import { cursorOf, nextWindow } from "./windows.ts";

export interface MonitorRunContext {
  store: MetadataStore;
  artifacts: ArtifactStore;
  /** The project folder: the prediction log and a reference file are found under it. */
  root: string;
  /**
   * How long after a window's end to wait before reading it, so that rows still in a server's
   * buffer are written first: the prediction log's flush interval (10 s) and a margin by default.
   */
  settleMs?: number;
  /** Threads drift is judged on (see judgeWindow); all cores by default. */
  threads?: number;
  now?: () => number;
}

const DEFAULT_SETTLE_MS = 15_000;

/** Judges the monitor's complete windows not judged yet; returns those this call recorded, oldest first. */
export async function runMonitor(context: MonitorRunContext, monitor: Monitor): Promise<MonitorWindowRecord[]> {
  const { store, root } = context;
  const target = await resolveTarget(store, monitor);
  const columns = modelColumns(monitor, target.version);
  const reference = await loadReference(store, context.artifacts, root, monitor, target.version);
  checkReferenceSchema(monitor, reference, columns);
  const names = checkedColumns(monitor, columns);
  const profile = profileReference(reference.table, { columns: names });
  // Recorded once it is known to fit: a refused monitor leaves nothing in the store.
  await store.saveMonitor(monitor.name, targetOf(monitor), monitor as unknown as Json);
  const spanMs = windowSpanMs(monitor);
  const waitMs = (context.settleMs ?? DEFAULT_SETTLE_MS) + (monitor.performance ? durationMs(monitor.performance.labelDelay, "labelDelay") : 0);
  const recorded: MonitorWindowRecord[] = [];
  for (;;) {
    const state = await store.getMonitor(monitor.name);
    const now = context.now?.() ?? Date.now();
    const cursor = cursorOf(state?.cursor ?? null);
    const window = await nextWindow({ store, root, target, size: spanMs === undefined ? { rows: (monitor.window as { rows: number }).rows } : { spanMs }, waitMs, now }, cursor);
    if (!window) return recorded;
    const seq = (state?.lastSeq ?? 0) + 1;
    const current = windowTable(window.rows, names, columns);
    const judged = comparable(names, current, profile.columns);
    const labelled = monitor.performance ? labelledWindow(await readLabelledPredictions(store, { root, ...target.query, from: window.from, to: window.to }), window.rows, columns) : undefined;
    // Labels arrive after their predictions: each window counts those received since the previous window was judged.
    const unmatched = monitor.performance ? await unmatchedLabels(store, { root, from: new Date(cursor?.labelsUntil ?? window.from.getTime()), to: new Date(now) }) : undefined;
    const version = `models:/${target.version.model}/${target.version.version}`;
    const { report, streak } = await assessWindow({
      title: `Monitor ${monitor.name}, window ${seq}`,
      context: {
        monitor: monitor.name,
        window: `${monitor.name}@${seq}`,
        from: window.from.toISOString(),
        to: window.to.toISOString(),
        ...(target.deployment && { deployment: target.deployment.name }),
        model: version,
        reference: reference.source,
        referenceRows: reference.table.rowCount,
        ...(unmatched && { labelsForUnknownRequests: unmatched.count, unknownRequestIds: unmatched.examples }),
      },
      profile,
      window: current,
      drift: {
        columns: judged,
        methods: monitor.methods as Record<string, ColumnMethod & { method: DriftMethod }>,
        correction: monitor.correction as PValueCorrection,
        driftShare: monitor.driftShare,
        minWindowSize: monitor.minWindowSize,
        ...(context.threads !== undefined && { threads: context.threads }),
      },
      quality: { columns: names.map((name) => ({ name, type: profile.columns.find((c) => c.name === name)!.type })), ...monitor.quality },
      ...(labelled && { labelled }),
      ...(monitor.performance && { performance: { ...monitor.performance, baseline: target.version.metrics } }),
      streak: streakOf(state?.streak ?? null, monitor.consecutiveWindows),
    });
    const metadata = { monitor: monitor.name, window: seq, deployment: target.deployment?.name ?? null, model: target.version.model, version: target.version.version };
    const artifacts = await storeReport(store, context.artifacts, report, { monitor: monitor.name, seq, metadata });
    const performance = report.performance?.status === "judged" ? report.performance.dropped : null;
    const figures = { ...reportFigures(report), ...(unmatched && { "labels.unknownRequests": unmatched.count }) };
    const record = await store.recordMonitorWindow(
      {
        monitor: monitor.name,
        seq,
        status: report.status,
        reason: report.reason,
        from: window.from,
        to: window.to,
        rows: report.rows,
        deployment: target.deployment?.name ?? null,
        model: target.version.model,
        version: target.version.version,
        drifted: report.drift.drifted,
        driftShare: report.drift.share,
        driftDetected: report.streak.driftDetected,
        streak: report.streak.streak,
        qualityPassed: report.status === "judged" ? report.quality.passed : null,
        performanceDropped: performance,
        reportArtifactId: artifacts.json.id,
        htmlArtifactId: artifacts.html.id,
      },
      { expectedLastSeq: state?.lastSeq ?? null, cursor: { ...window.next, labelsUntil: now } as unknown as Json, streak: streak as unknown as Json },
      figures,
    );
    // Undefined: another runner recorded this window first; the loop reads the state it left.
    if (record) recorded.push(record);
  }
}

function targetOf(monitor: Monitor): MonitorTarget {
  return monitor.deployment !== undefined ? { deployment: monitor.deployment } : { model: monitor.model! };
}

/** The columns checked: those given, each one the model reads or predicts; else all of them. */
function checkedColumns(monitor: Monitor, columns: ModelColumns): string[] {
  const known = [...columns.inputs.map((c) => c.name), ...(columns.target ? [columns.target.name] : [])];
  for (const name of [...(monitor.columns ?? []), ...Object.keys(monitor.methods)]) {
    if (!known.includes(name)) {
      throw new ConveyorError(
        `monitor "${monitor.name}": the model neither reads nor predicts a column "${name}"`,
        `its columns are ${known.map((c) => `"${c}"`).join(", ")}`,
        "invalid_monitor",
      );
    }
  }
  return monitor.columns ?? known;
}

/** The stored streak, with the number of windows the definition asks for now. */
function streakOf(stored: Json | null, windows: number): DriftStreak {
  if (stored === null) return startDriftStreak(windows);
  const streak = stored as unknown as DriftStreak;
  return { ...streak, windows, alert: streak.streak >= windows, alertColumns: Object.keys(streak.columns).filter((c) => streak.columns[c]! >= windows) };
}

