/**
 * Tracking from any code, MLflow-style: `startRun` makes a run the active one, and the
 * functions below log to it until `endRun`. Several runs at once: use the TrackingRun
 * objects `startRun` returns, whose methods are the same.
 */
import { ConveyorError } from "../errors.ts";
import type { Json } from "../json.ts";
import type { ArtifactRecord, RunRecord } from "../store/types.ts";
import { type EndStatus, type LogArtifactOptions, type StartRunOptions, TrackingRun } from "./tracking-run.ts";

let active: TrackingRun | undefined;
let starting = false;

function current(): TrackingRun {
  if (!active) throw new ConveyorError("no run is active", "call startRun() first, and log to it until endRun()", "no_active_run");
  return active;
}

export async function startRun(options: StartRunOptions = {}): Promise<TrackingRun> {
  if (active?.ended) active = undefined;
  if (active || starting) {
    throw new ConveyorError(
      `run ${active?.id ?? "(starting)"} is still active`,
      "call endRun() before starting another, or log to several runs through the objects startRun() returns",
      "run_active",
    );
  }
  starting = true;
  try {
    active = await TrackingRun.start(options);
    return active;
  } finally {
    starting = false;
  }
}

/** The run `startRun` made active and `endRun` has not ended. */
export function activeRun(): TrackingRun | undefined {
  return active?.ended ? undefined : active;
}

export function logParams(params: Record<string, Json>): Promise<void> {
  return current().logParams(params);
}

export function logMetric(name: string, value: number, step?: number): void {
  current().logMetric(name, value, step);
}

export function setTags(tags: Record<string, string>): Promise<void> {
  return current().setTags(tags);
}

export function logArtifact(path: string, options?: LogArtifactOptions): Promise<ArtifactRecord> {
  return current().logArtifact(path, options);
}

export async function endRun(status?: EndStatus, error?: string): Promise<RunRecord> {
  const run = current();
  active = undefined;
  return run.end(status, error);
}
