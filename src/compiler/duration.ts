/** Durations given as milliseconds or as "250ms", "10s", "30m", "2h", "1d". */
import { ConveyorError } from "../errors.ts";
import type { Duration } from "../sdk/options.ts";

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function durationMs(value: Duration, where: string): number {
  if (typeof value === "number") {
    if (Number.isFinite(value) && value >= 0) return value;
  } else {
    const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/.exec(value);
    if (match) return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
  }
  throw new ConveyorError(
    `${where}: "${value}" is not a duration`,
    'give milliseconds as a number, or a string such as "500ms", "10s", "30m", "2h"',
    "invalid_duration",
  );
}
