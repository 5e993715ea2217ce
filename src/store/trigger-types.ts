/**
 * The scheduler's records: one row of state per trigger, and one row per event a trigger saw.
 * An event's key is unique within its trigger, so recording an event twice (two schedulers, a
 * restarted one) records it once; a claim on it, taken by one conditional update, decides which
 * process starts its run.
 */
import type { Json } from "../json.ts";
import type { RunRecord } from "./types.ts";

export type TriggerEventStatus = "pending" | "claimed" | "fired" | "skipped" | "failed";

export interface TriggerEventRecord {
  id: string;
  trigger: string;
  /** Unique within the trigger: `tick@<ISO time>`, `data@<digest>`, `manual@<id>`... */
  key: string;
  /** What the run's `trigger` says: `schedule:nightly`, `data:new-files@<digest>`, `manual:<who>`. */
  source: string;
  /** What the event carries: the scheduled time, the path and digest, the watermark... */
  payload: Record<string, Json>;
  status: TriggerEventStatus;
  claimedBy: string | null;
  claimExpiresAt: Date | null;
  runId: string | null;
  /** Why it was skipped or failed. */
  reason: string | null;
  createdAt: Date;
  endedAt: Date | null;
}

export interface TriggerStateRecord {
  name: string;
  /** The latest scheduled time handled (fired or dropped by the catch-up policy). */
  lastTick: Date | null;
  /** The last digest or watermark a new-data trigger saw. */
  watermark: Json | null;
  updatedAt: Date;
}

export interface NewTriggerEvent {
  trigger: string;
  key: string;
  source: string;
  payload: Record<string, Json>;
}

export interface TriggerStore {
  /** Records the event unless one with its key exists; returns it when it is new. */
  recordTriggerEvent(event: NewTriggerEvent): Promise<TriggerEventRecord | undefined>;
  getTriggerEvent(id: string): Promise<TriggerEventRecord | undefined>;
  /** Events of the trigger, newest first; pending and claimed ones of every trigger with `status`. */
  listTriggerEvents(filter: { trigger?: string; status?: TriggerEventStatus; limit?: number }): Promise<TriggerEventRecord[]>;
  /**
   * Claims the event for `owner` when it is pending, or claimed by a claim that expired or by
   * one of `staleOwners`: one conditional update, so two processes never both win it.
   */
  claimTriggerEvent(id: string, owner: string, expiresAt: Date, staleOwners?: string[]): Promise<TriggerEventRecord | undefined>;
  /** Ends a claimed event, only while `owner` still holds its claim; false when it does not. */
  endTriggerEvent(
    id: string,
    owner: string,
    end: { status: "fired" | "skipped" | "failed" | "pending"; runId?: string; reason?: string },
  ): Promise<boolean>;
  /** The run started for the event, found by the tag the scheduler puts on it before recording it. */
  findTriggeredRun(eventId: string): Promise<string | undefined>;
  /** Runs started by the trigger that have not ended, oldest first. */
  listActiveTriggerRuns(trigger: string): Promise<RunRecord[]>;
  /** When the trigger last started a run. */
  lastTriggerFire(trigger: string): Promise<Date | undefined>;
  getTriggerState(name: string): Promise<TriggerStateRecord | undefined>;
  /**
   * Sets the trigger's state when it is still `expected` (undefined: no row yet), one
   * conditional write, so of two schedulers advancing the same tick one wins; false if it lost.
   */
  compareAndSetTriggerState(
    name: string,
    expected: { lastTick: Date | null; watermark: Json | null } | undefined,
    next: { lastTick: Date | null; watermark: Json | null },
  ): Promise<boolean>;
}

/** The tags a triggered run carries, so its trigger and event can be found from the run. */
export const TRIGGER_TAG = "conveyor.trigger";
export const TRIGGER_EVENT_TAG = "conveyor.trigger-event";
