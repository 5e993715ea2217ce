/** Which scheduled times a schedule trigger fires after a gap, by its catch-up policy. */
import { Cron } from "croner";

/** Most times `all` fires after one gap: a per-second cron stopped for a day would be 86,400 runs. */
export const MAX_CATCH_UP = 1000;

/** A time due less than this long ago is on time, not missed: a pass can run a little late. */
export const ON_TIME_MS = 5000;

export interface DueTicks {
  /** The times to fire, oldest first. */
  fire: Date[];
  /** The latest due time, fired or not: the trigger's next `lastTick`; undefined when none is due. */
  latest?: Date;
  /** How many due times the policy dropped. */
  dropped: number;
}

/** The times of `cron` in (after, now], and those of them `catchUp` fires. */
export function dueTicks(cron: string, timezone: string, catchUp: "none" | "latest" | "all", after: Date, now: Date): DueTicks {
  const schedule = new Cron(cron, { timezone, paused: true });
  const due: Date[] = [];
  let dropped = 0;
  for (let next = schedule.nextRun(after); next && next <= now; next = schedule.nextRun(next)) {
    due.push(next);
    // Only the newest few are kept in memory; the count of the rest is enough.
    if (due.length > MAX_CATCH_UP) {
      due.shift();
      dropped++;
    }
  }
  const latest = due.at(-1);
  if (!latest) return { fire: [], dropped: 0 };
  const onTime = due.filter((t) => now.getTime() - t.getTime() < ON_TIME_MS);
  const fire = catchUp === "all" ? due : catchUp === "latest" ? [latest] : onTime;
  return { fire, latest, dropped: dropped + due.length - fire.length };
}
