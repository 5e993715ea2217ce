/**
 * Monitors in the metadata store: one row per monitor with the state that makes judging
 * exactly-once (the last window judged, where the next one starts, the drift streak), one row
 * per judged window (its verdicts and its report artifact), the alerts windows raised, and the
 * figures of each window as metric history.
 */
import type { Json } from "../json.ts";

/** What a monitor watches: a deployment's answers, or a model's (served by reference). */
export type MonitorTarget = { deployment: string } | { model: string };

export interface MonitorRecord {
  name: string;
  target: MonitorTarget;
  /** The definition as last run, in its JSON form. */
  definition: Json;
  /** The number of the last window judged (or reported not judged); null before the first. */
  lastSeq: number | null;
  /** Where the next window starts in the prediction log (see src/monitor/windows.ts). */
  cursor: Json | null;
  /** The drift streak after the last window (src/ml/drift's DriftStreak). */
  streak: Json | null;
  createdAt: Date;
  updatedAt: Date;
}

export type MonitorWindowStatus = "judged" | "notJudged";

export interface NewMonitorWindow {
  monitor: string;
  /** 1 for the monitor's first window, then one more per window. */
  seq: number;
  status: MonitorWindowStatus;
  /** Why the window was not judged (too few rows); null when judged. */
  reason: string | null;
  /** The window's span of prediction times, [from, to). */
  from: Date;
  to: Date;
  rows: number;
  /** Lineage: the deployment and the model version whose answers the window holds. */
  deployment: string | null;
  model: string;
  version: number | null;
  /** The window's own drift verdict. */
  drifted: boolean;
  driftShare: number;
  /** Drift in `streak` consecutive windows, reaching the monitor's K: the alert. */
  driftDetected: boolean;
  streak: number;
  qualityPassed: boolean | null;
  /** Null when no performance was measured (no labels yet, or the monitor checks none). */
  performanceDropped: boolean | null;
  /** The report's JSON and HTML artifacts. */
  reportArtifactId: string | null;
  htmlArtifactId: string | null;
}

export interface MonitorWindowRecord extends NewMonitorWindow {
  id: string;
  createdAt: Date;
}

/** A window that raised an alert: drift in K consecutive windows, or a performance drop. */
export interface MonitorAlertRecord {
  /** Increasing: a reader asks for the alerts after the last id it handled. */
  id: number;
  monitor: string;
  windowId: string;
  seq: number;
  driftDetected: boolean;
  performanceDropped: boolean;
  createdAt: Date;
}

/** One figure of one window: `driftShare`, `drift.<column>`, `performance.<metric>`, ... */
export interface MonitorMetricPoint {
  monitor: string;
  seq: number;
  name: string;
  value: number;
  time: Date;
}

/** The monitor's state after a window, written only if the state is still the one the window was read from. */
export interface MonitorStateChange {
  expectedLastSeq: number | null;
  cursor: Json;
  streak: Json;
}

export interface MonitorStore {
  /** Creates the monitor, or updates its definition and target, keeping its state. */
  saveMonitor(name: string, target: MonitorTarget, definition: Json): Promise<MonitorRecord>;
  getMonitor(name: string): Promise<MonitorRecord | undefined>;
  /** By name, compared by code point. */
  listMonitors(): Promise<MonitorRecord[]>;
  /**
   * Records a window, its figures, its alert (if it raised one) and the monitor's next state in
   * one transaction, only while the monitor's last window is still `expectedLastSeq`: two
   * runners never record the same window. Undefined when another recorded it first.
   */
  recordMonitorWindow(window: NewMonitorWindow, state: MonitorStateChange, figures: Record<string, number>): Promise<MonitorWindowRecord | undefined>;
  /** A window by its id. */
  getMonitorWindow(id: string): Promise<MonitorWindowRecord | undefined>;
  /** A monitor's window by its number. */
  findMonitorWindow(monitor: string, seq: number): Promise<MonitorWindowRecord | undefined>;
  /** A monitor's windows, newest first. */
  listMonitorWindows(monitor: string, options?: { limit?: number }): Promise<MonitorWindowRecord[]>;
  /** The windows that judged this model version's answers (lineage downstream: version → deployment → report), oldest first. */
  versionMonitorWindows(model: string, version: number): Promise<MonitorWindowRecord[]>;
  /** Alerts with an id above `after`, oldest first; of one monitor when given. */
  listMonitorAlerts(options?: { after?: number; monitor?: string; limit?: number }): Promise<MonitorAlertRecord[]>;
  /** A figure's value in each window of the monitor, oldest first. */
  monitorMetricHistory(monitor: string, name: string): Promise<MonitorMetricPoint[]>;
  /** The names of the figures the monitor recorded. */
  monitorMetricNames(monitor: string): Promise<string[]>;
}
