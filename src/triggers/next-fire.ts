/** When a trigger fires next by its schedule: schedule and hybrid triggers have one; the others fire on what they see (files, a watermark, an event). */
import { Cron } from "croner";
import type { Trigger } from "./definition.ts";

export function nextScheduledFire(trigger: Trigger, now: Date): Date | null {
  if (trigger.kind !== "schedule" && trigger.kind !== "hybrid") return null;
  return new Cron(trigger.cron, { timezone: trigger.timezone, paused: true }).nextRun(now) ?? null;
}
