import type { Params } from "../models/model-params.ts";

/** One candidate as the leaderboard artifact lists it, at the last rung it reached. */
export interface LeaderboardEntry {
  /** 1 for the chosen model; candidates scored on fewer rows rank below those scored on more. */
  readonly rank: number;
  /** Its place in the seeded candidate order (candidates.ts). */
  readonly id: number;
  readonly kind: string;
  readonly params: Params;
  /** The mean cross-validated score at its last rung (greater is better), or null when it failed. */
  readonly score: number | null;
  readonly foldScores: readonly number[];
  /** The rung it reached (1-based) of its bracket's `stages`, and that rung's row count. */
  readonly stage: number;
  readonly stages: number;
  readonly rows: number;
  readonly bracket: number;
  /** Seconds spent cross-validating it, over all its rungs (varies from run to run). */
  readonly seconds: number;
  /** Why it failed, when it did. */
  readonly error?: string;
}

export type UnrankedEntry = Omit<LeaderboardEntry, "rank">;

/**
 * Ranks candidates: those scored on more rows first (a score on a third of the rows is not
 * comparable with one on all of them), then by score, failures last, then by id so that
 * ties rank the same on every run.
 */
export function rankLeaderboard(entries: readonly UnrankedEntry[]): LeaderboardEntry[] {
  const order = [...entries].sort(
    (a, b) =>
      Number(a.score === null) - Number(b.score === null) ||
      b.rows - a.rows ||
      (b.score ?? 0) - (a.score ?? 0) ||
      a.id - b.id,
  );
  return order.map((entry, i) => ({ rank: i + 1, ...entry }));
}
