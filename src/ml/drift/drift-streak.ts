import { ConveyorError } from "../../errors.ts";
import type { WindowDrift } from "./window-verdict.ts";

/**
 * Drift over consecutive windows, so that one noisy window does not raise an alert: how
 * many windows in a row have drifted, for the dataset and for each column, and whether
 * that reaches the `windows` asked for. A pure state: each window's result gives the next.
 */
export interface DriftStreak {
  /** Consecutive windows needed before an alert. */
  readonly windows: number;
  /** Consecutive drifted windows of the dataset, up to the latest. */
  readonly streak: number;
  /** Whether streak has reached `windows`. */
  readonly alert: boolean;
  /** Consecutive drifted windows of each column seen. */
  readonly columns: Readonly<Record<string, number>>;
  /** The columns whose own streak has reached `windows`. */
  readonly alertColumns: readonly string[];
}

/** A streak before any window: nothing drifted yet. */
export function startDriftStreak(windows: number): DriftStreak {
  if (!(Number.isInteger(windows) && windows >= 1)) {
    throw new ConveyorError(
      `a drift streak of ${windows} windows`,
      "give a whole number of consecutive windows, at least 1 (1 alerts on the first drifted window)",
      "invalid_param",
    );
  }
  return { windows, streak: 0, alert: false, columns: {}, alertColumns: [] };
}

/**
 * The streak after one more window: a drifted window extends it, a judged window without
 * drift ends it, and a window (or column) not judged, too small to say, leaves it as it was.
 */
export function advanceDriftStreak(streak: DriftStreak, window: WindowDrift): DriftStreak {
  const next = (length: number, status: "judged" | "notJudged", drifted: boolean) =>
    status === "notJudged" ? length : drifted ? length + 1 : 0;
  const columns: Record<string, number> = { ...streak.columns };
  for (const column of window.columns) {
    const drifted = column.status === "judged" && column.drifted;
    columns[column.column] = next(columns[column.column] ?? 0, column.status, drifted);
  }
  const length = next(streak.streak, window.status, window.drifted);
  return {
    windows: streak.windows,
    streak: length,
    alert: length >= streak.windows,
    columns,
    alertColumns: Object.keys(columns).filter((name) => columns[name]! >= streak.windows),
  };
}
