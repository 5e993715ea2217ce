/**
 * The seam for what fires a trigger from outside the scheduler (the CLI's `triggers fire`, the
 * API, a monitor): it records a pending event, which a scheduler on the same store starts.
 */
import { randomUUID } from "node:crypto";
import type { Json } from "../json.ts";
import type { TriggerEventRecord } from "../store/trigger-types.ts";
import type { MetadataStore } from "../store/types.ts";

export interface ExternalEvent {
  /** What the run's `trigger` will say, e.g. `drift:churn-monitor@<window>`; default `manual:<user>`. */
  source?: string;
  /** Makes the event idempotent: a second event with the same key is not recorded (a monitor's window id). */
  key?: string;
  /** Fields the trigger's `eventParams` can pass to the run. */
  payload?: Record<string, Json>;
}

/**
 * Records an event for trigger `name`; returns it, or undefined when an event with the same
 * key was recorded before. A scheduler with the trigger's definition fires it on its next pass.
 */
export async function fireTrigger(store: MetadataStore, name: string, event: ExternalEvent = {}): Promise<TriggerEventRecord | undefined> {
  const key = event.key ?? `manual@${randomUUID()}`;
  return store.recordTriggerEvent({
    trigger: name,
    key,
    source: event.source ?? `manual:${process.env.USER ?? "unknown"}`,
    payload: event.payload ?? {},
  });
}
